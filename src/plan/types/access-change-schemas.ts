import { z } from 'zod';

/** The changes of a grant on an environment or a group, the two kinds sharing one shape (part of change-schemas.ts). */

const id = z.number().int().positive();
const text = z.string();

/** A grant's role as the plan shows it (a slug, a role's name, or `access` on Community Edition) and as the server stores it. */
const grantRole = z.strictObject({ role: text, roleId: z.number().int() });

/**
 * `environment.<name>.user[<username>]`, `environmentGroup.<name>.team[<team>]`:
 * one grant on an environment or group (`resourceId`, `resource`) for a user
 * or team (`principal`, `name`: the manifest's spelling, or the server's for
 * a grant the manifest does not list). `before` and `after` are the grant's
 * role. A create has no `principalId` when the user or team is created
 * earlier in the same apply; a delete's `orphan` says the id is nobody's any
 * more (left behind by Portainer 2.0-2.23), which is why 0 is allowed.
 */
export function accessSchemas<Kind extends 'environment-access' | 'group-access'>(kind: Kind) {
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
