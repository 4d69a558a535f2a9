import { z } from 'zod';
import type { Change } from './index.js';

/**
 * The zod schema of every change a plan can hold: one strict object per kind
 * and action, so a saved plan with an unknown kind, action or field is
 * refused before anything reads it. Written from `plan/types.ts`; the type
 * check at the bottom keeps the two in step.
 */

const id = z.number().int().positive();
const text = z.string();
const role = z.enum(['admin', 'standard']);
const teamRole = z.enum(['leader', 'member']);
const unixSeconds = z.number().int();

const userCreate = z.strictObject({
  address: text,
  kind: z.literal('user'),
  action: z.literal('create'),
  before: z.null(),
  after: z.strictObject({ username: text, role }),
});

const grantRole = z.strictObject({ role: text, roleId: z.number().int() });

/** Environment and group access share one shape; a grant's principal id may be an orphan's, so 0 is allowed. */
function accessSchemas<Kind extends 'environment-access' | 'group-access'>(kind: Kind) {
  const base = {
    address: text,
    kind: z.literal(kind),
    resourceId: id,
    resource: text,
    principal: z.enum(['user', 'team']),
    name: text,
  };
  const principalId = z.number().int().nonnegative();
  return {
    create: z.strictObject({ ...base, action: z.literal('create'), principalId: principalId.optional(), before: z.null(), after: grantRole }),
    update: z.strictObject({ ...base, action: z.literal('update'), principalId, before: grantRole, after: grantRole, fields: z.tuple([z.literal('role')]) }),
    delete: z.strictObject({ ...base, action: z.literal('delete'), principalId, orphan: z.literal(true).optional(), before: grantRole, after: z.null() }),
  };
}

export const CHANGE_SCHEMAS = {
  'admin-init': {
    create: z.strictObject({
      address: z.literal('admin'),
      kind: z.literal('admin-init'),
      action: z.literal('create'),
      before: z.null(),
      after: z.strictObject({ username: text }),
    }),
  },
  user: {
    create: userCreate,
    update: z.strictObject({
      address: text,
      kind: z.literal('user'),
      action: z.literal('update'),
      userId: id,
      username: text,
      before: z.strictObject({ role }),
      after: z.strictObject({ role }),
      fields: z.tuple([z.literal('role')]),
    }),
    delete: z.strictObject({
      address: text,
      kind: z.literal('user'),
      action: z.literal('delete'),
      userId: id,
      before: z.strictObject({ username: text, role }),
      after: z.null(),
    }),
  },
  'user-password': {
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
  },
  'api-key': {
    create: z.strictObject({
      address: text,
      kind: z.literal('api-key'),
      action: z.literal('create'),
      username: text,
      before: z.null(),
      after: z.strictObject({ description: text }),
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
      reasonCode: z.enum(['rotation-due', 'raw-value-lost']),
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
    }),
  },
  team: {
    create: z.strictObject({
      address: text,
      kind: z.literal('team'),
      action: z.literal('create'),
      before: z.null(),
      after: z.strictObject({ name: text }),
    }),
    delete: z.strictObject({
      address: text,
      kind: z.literal('team'),
      action: z.literal('delete'),
      teamId: id,
      before: z.strictObject({ name: text, members: z.number().int().nonnegative() }),
      after: z.null(),
    }),
  },
  'team-membership': {
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
  },
  'environment-access': accessSchemas('environment-access'),
  'group-access': accessSchemas('group-access'),
} as const;

export type ChangeKind = keyof typeof CHANGE_SCHEMAS;

type SchemaOf<Kind extends ChangeKind> = (typeof CHANGE_SCHEMAS)[Kind][keyof (typeof CHANGE_SCHEMAS)[Kind]];
type ParsedChange = { [Kind in ChangeKind]: z.output<SchemaOf<Kind>> }[ChangeKind];

// Both directions: a change type without a schema, or a schema the planner cannot produce, fails the build.
const everyChangeHasASchema = (change: Change): ParsedChange => change;
const everySchemaIsAChange = (change: ParsedChange): Change => change;
void everyChangeHasASchema;
void everySchemaIsAChange;
