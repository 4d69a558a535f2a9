import { z } from 'zod';
import { isId, isRecord } from './wire.js';

/**
 * Environments (endpoints), environment groups and roles as they cross the
 * wire. Access is two maps, `{"<userId>": {"RoleId": n}}` and the same for
 * teams; here each becomes a list of `{ id, roleId }` sorted by id. Go sends
 * `null` for a map it never filled, read as empty.
 */
const id = z.number().int().nonnegative();

export interface AccessPolicy {
  /** A user's or a team's id; Portainer checks none, so it may name nobody. */
  id: number;
  roleId: number;
}

const policies = z
  .record(z.string(), z.object({ RoleId: z.number().int().default(0) }).nullable())
  .nullable()
  .optional()
  .transform((map): AccessPolicy[] =>
    Object.entries(map ?? {})
      .filter(([key]) => /^\d+$/.test(key))
      .map(([key, policy]) => ({ id: Number(key), roleId: policy?.RoleId ?? 0 }))
      .sort((a, b) => a.id - b.id),
  );

export const environmentSchema = z
  .object({ Id: id, Name: z.string(), GroupId: id.default(1), UserAccessPolicies: policies, TeamAccessPolicies: policies })
  .transform((environment) => ({
    id: environment.Id,
    name: environment.Name,
    groupId: environment.GroupId,
    userAccess: environment.UserAccessPolicies,
    teamAccess: environment.TeamAccessPolicies,
  }));
export type Environment = z.output<typeof environmentSchema>;

export const environmentListSchema = z.array(environmentSchema);

/**
 * `environmentListSchema` as a plain loop, for pages of a Portainer with
 * thousands of environments: the same checks and the same result, several
 * times faster than zod. `undefined` when anything does not fit; the caller
 * then parses with the schema, which words the error. With `keep`, only the
 * environments it keeps are returned (the others' maps are never read, so
 * a malformed map there is not noticed).
 */
export function readEnvironmentList(json: unknown, keep?: (name: string) => boolean): Environment[] | undefined {
  if (!Array.isArray(json)) return undefined;
  const environments: Environment[] = [];
  for (let index = 0; index < json.length; index += 1) {
    const item: unknown = json[index];
    if (!isRecord(item)) return undefined;
    const { Id, Name, GroupId = 1, UserAccessPolicies, TeamAccessPolicies } = item;
    if (!isId(Id) || typeof Name !== 'string' || !isId(GroupId)) return undefined;
    // The access maps of an environment nobody asked about are not read (a large Portainer has thousands).
    if (keep && !keep(Name)) continue;
    const userAccess = readPolicies(UserAccessPolicies);
    const teamAccess = readPolicies(TeamAccessPolicies);
    if (!userAccess || !teamAccess) return undefined;
    environments.push({ id: Id, name: Name, groupId: GroupId, userAccess, teamAccess });
  }
  return environments;
}

function readPolicies(map: unknown): AccessPolicy[] | undefined {
  if (map === null || map === undefined) return [];
  if (typeof map !== 'object' || Array.isArray(map)) return undefined;
  const policies: AccessPolicy[] = [];
  for (const [key, policy] of Object.entries(map)) {
    if (policy !== null && (typeof policy !== 'object' || Array.isArray(policy))) return undefined;
    const roleId = policy === null ? 0 : ((policy as Record<string, unknown>)['RoleId'] ?? 0);
    if (!Number.isInteger(roleId)) return undefined;
    if (/^\d+$/.test(key)) policies.push({ id: Number(key), roleId: roleId as number });
  }
  return policies.sort((a, b) => a.id - b.id);
}


export const environmentGroupSchema = z
  .object({ Id: id, Name: z.string(), UserAccessPolicies: policies, TeamAccessPolicies: policies })
  .transform((group) => ({ id: group.Id, name: group.Name, userAccess: group.UserAccessPolicies, teamAccess: group.TeamAccessPolicies }));
export type EnvironmentGroup = z.output<typeof environmentGroupSchema>;

export const environmentGroupListSchema = z.array(environmentGroupSchema);

/**
 * `Priority` orders roles from the most powerful (1, environment
 * administrator) to the most restrictive; among several teams' grants the
 * highest number wins (2.45's resolver). A server that sends none counts as 0.
 */
export const roleSchema = z
  .object({ Id: id, Name: z.string(), Priority: z.number().int().default(0) })
  .transform((role) => ({ id: role.Id, name: role.Name, priority: role.Priority }));
export type EnvironmentRole = z.output<typeof roleSchema>;

export const roleListSchema = z.array(roleSchema).nullable().transform((roles) => roles ?? []);

/** Which maps a PUT replaces: a map left out is kept by Portainer, an empty one clears it. */
export interface AccessUpdate {
  userAccess?: readonly AccessPolicy[];
  teamAccess?: readonly AccessPolicy[];
}

export function accessUpdateJson(update: AccessUpdate): Record<string, Record<string, { RoleId: number }>> {
  const json: Record<string, Record<string, { RoleId: number }>> = {};
  if (update.userAccess) json['UserAccessPolicies'] = policiesJson(update.userAccess);
  if (update.teamAccess) json['TeamAccessPolicies'] = policiesJson(update.teamAccess);
  return json;
}

function policiesJson(list: readonly AccessPolicy[]): Record<string, { RoleId: number }> {
  return Object.fromEntries(list.map((policy) => [String(policy.id), { RoleId: policy.roleId }]));
}
