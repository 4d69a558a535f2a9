import { z } from 'zod';
import { accessSchemas } from './access-change-schemas.js';

/**
 * Every change a plan can hold, defined once: one strict zod object per kind
 * and action. The types the planner, apply and the renderers use are
 * inferred from these (`changes.ts`, imported with `import type`, so the
 * planner loads no zod at run time); the saved-plan reader parses with them,
 * so a plan file with an unknown kind, action or field is refused before
 * anything reads it.
 *
 * `before` and `after`, for every kind (as Terraform's plans/changes.go):
 * - create: `before` is null; `after` is what will exist, in the manifest's terms.
 * - update: `before` is the server's value of each name in `fields`, `after` the manifest's.
 * - replace: `before` is what is destroyed (with its server facts), `after` what takes its place.
 * - delete: `before` is what is removed, as the server has it; `after` is null.
 * Ids (`userId`, `keyId`, ...) are the server's, read when the plan was made;
 * a change about something created earlier in the same apply has no id and
 * names it instead (`username`, `team`).
 */

const id = z.number().int().positive();
const text = z.string();
const role = z.enum(['admin', 'standard']);
const teamRole = z.enum(['leader', 'member']);
const unixSeconds = z.number().int();

/** `admin`: Portainer has no administrator yet. `after.username` is the manifest's admin, created by `POST /users/admin/init`. */
const adminInit = {
  create: z.strictObject({
    address: z.literal('admin'),
    kind: z.literal('admin-init'),
    action: z.literal('create'),
    before: z.null(),
    after: z.strictObject({ username: text }),
  }),
};

/** What both shapes of a user's update have: the user by its Id, and by its name (the new one, for a rename). */
const userUpdate = { address: text, kind: z.literal('user'), action: z.literal('update'), userId: id, username: text };

/**
 * `user.<username>`. create: `after.password` is `none` on an LDAP or OAuth
 * Portainer, which refuses a password (its users sign in through the
 * directory); absent, the manifest's password is sent. update: the role
 * changes (`fields: ['role']`), or the user is renamed in place (`fields:
 * ['username']`: `before` its name on the server, `after` the manifest's;
 * `username` is the new name, by which every later change of the plan names
 * it). delete: `before` is the server's user.
 */
const user = {
  create: z.strictObject({
    address: text,
    kind: z.literal('user'),
    action: z.literal('create'),
    before: z.null(),
    after: z.strictObject({ username: text, role, password: z.literal('none').optional() }),
  }),
  update: z.union([
    z.strictObject({ ...userUpdate, before: z.strictObject({ role }), after: z.strictObject({ role }), fields: z.tuple([z.literal('role')]) }),
    z.strictObject({ ...userUpdate, before: z.strictObject({ username: text }), after: z.strictObject({ username: text }), fields: z.tuple([z.literal('username')]) }),
  ]),
  delete: z.strictObject({
    address: text,
    kind: z.literal('user'),
    action: z.literal('delete'),
    userId: id,
    before: z.strictObject({ username: text, role }),
    after: z.null(),
  }),
};

/**
 * `user.<username>`, with `passwords.verify`: Portainer refused a login with
 * the manifest's password, so apply sets it (an admin's `PUT /users/{id}`
 * with `newPassword`). Neither side holds a password: `before` says
 * Portainer refused the manifest's, `after` that it will be the manifest's.
 */
const userPassword = {
  update: z.strictObject({
    address: text,
    kind: z.literal('user-password'),
    action: z.literal('update'),
    userId: id,
    username: text,
    before: z.strictObject({ password: z.literal('refused') }),
    after: z.strictObject({ password: z.literal('manifest') }),
    fields: z.tuple([z.literal('password')]),
  }),
};

/**
 * `user.<username>.apiKey[<description>]` (`#<id>` added for duplicates).
 * `username` is the owner; on a create its id may not exist until the user is
 * created earlier in the same apply. replace: `before` is the old key (its
 * creation date), `after` the new one, made first; `reason` says why in the
 * manifest's words (`older than 90d`, or `--replace`), `reasonCode` as a code.
 * A create with `succeeds` is a rotation with an `overlap`: the key it
 * succeeds (`keyId`, created `dateCreated`) keeps working for `overlap` after
 * this one exists (`overlap` as the manifest writes it, `overlapSeconds`), and a
 * later plan deletes it (a delete with `overlapEnded`).
 */
const apiKey = {
  create: z.strictObject({
    address: text,
    kind: z.literal('api-key'),
    action: z.literal('create'),
    username: text,
    before: z.null(),
    after: z.strictObject({ description: text }),
    succeeds: z.strictObject({ keyId: id, dateCreated: unixSeconds, reason: text, overlap: text, overlapSeconds: z.number().int().positive() }).optional(),
  }),
  replace: z.strictObject({
    address: text,
    kind: z.literal('api-key'),
    action: z.literal('replace'),
    username: text,
    userId: id,
    keyId: id,
    before: z.strictObject({ description: text, dateCreated: unixSeconds }),
    after: z.strictObject({ description: text }),
    reason: text,
    reasonCode: z.enum(['rotation-due', 'raw-value-lost', 'requested']),
  }),
  delete: z.strictObject({
    address: text,
    kind: z.literal('api-key'),
    action: z.literal('delete'),
    username: text,
    userId: id,
    keyId: id,
    before: z.strictObject({ description: text, dateCreated: unixSeconds }),
    after: z.null(),
    overlapEnded: z.strictObject({ successorCreated: unixSeconds, overlap: text }).optional(),
  }),
};

/**
 * `team.<name>`. update: the team is renamed in place (`PUT /teams/{id}`),
 * `before.name` its name on the server, `after.name` the manifest's. delete:
 * `before.members` is how many memberships go with the team (Portainer deletes them with it).
 */
const team = {
  create: z.strictObject({
    address: text,
    kind: z.literal('team'),
    action: z.literal('create'),
    before: z.null(),
    after: z.strictObject({ name: text }),
  }),
  update: z.strictObject({
    address: text,
    kind: z.literal('team'),
    action: z.literal('update'),
    teamId: id,
    before: z.strictObject({ name: text }),
    after: z.strictObject({ name: text }),
    fields: z.tuple([z.literal('name')]),
  }),
  delete: z.strictObject({
    address: text,
    kind: z.literal('team'),
    action: z.literal('delete'),
    teamId: id,
    before: z.strictObject({ name: text, members: z.number().int().nonnegative() }),
    after: z.null(),
  }),
};

/**
 * `team.<name>.member[<username>]`: `team` and `username` as the manifest
 * spells them (on a create their ids may not exist until earlier changes
 * create them); `before` and `after` hold the role in the team.
 */
const teamMembership = {
  create: z.strictObject({
    address: text,
    kind: z.literal('team-membership'),
    action: z.literal('create'),
    team: text,
    username: text,
    before: z.null(),
    after: z.strictObject({ role: teamRole }),
  }),
  update: z.strictObject({
    address: text,
    kind: z.literal('team-membership'),
    action: z.literal('update'),
    team: text,
    username: text,
    membershipId: id,
    teamId: id,
    userId: id,
    before: z.strictObject({ role: teamRole }),
    after: z.strictObject({ role: teamRole }),
    fields: z.tuple([z.literal('role')]),
  }),
  delete: z.strictObject({
    address: text,
    kind: z.literal('team-membership'),
    action: z.literal('delete'),
    team: text,
    username: text,
    membershipId: id,
    teamId: id,
    userId: id,
    before: z.strictObject({ role: teamRole }),
    after: z.null(),
  }),
};

/** The table of kinds: a new kind is one entry here (its schemas), and the compiler then asks for it in every per-kind table. */
export const CHANGE_SCHEMAS = {
  'admin-init': adminInit,
  user,
  'user-password': userPassword,
  'api-key': apiKey,
  team,
  'team-membership': teamMembership,
  'environment-access': accessSchemas('environment-access'),
  'group-access': accessSchemas('group-access'),
} as const;
