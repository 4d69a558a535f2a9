import { DEFAULT_ACCESS_ROLE, isCommunityEdition, isListedRole, shownRole } from '../plan/kinds/access-roles.js';
import { compareFolded, compareText } from '../plan/match.js';
import type { ObservedAccess, ObservedAccessHolder, ObservedGrant, Principal } from '../plan/types/index.js';

/** A grant as the manifest writes it: a bare name for the default role, else `{ name, role }`; `role: { id }` for a RoleId that is no role. */
export type ExportedGrant = string | { name: string; role: string | { id: number } };

export interface ExportedAccessHolder {
  name: string;
  users?: ExportedGrant[];
  teams?: ExportedGrant[];
}

export interface ExportedAccess {
  environments: ExportedAccessHolder[];
  environmentGroups: ExportedAccessHolder[];
  notes: string[];
  /**
   * A listed environment or group has a grant this file cannot name (an
   * orphan, a user or team left out). With `prune.access` on, plan would
   * remove it, so export turns it off to keep its promise of no change.
   */
  unlistedGrants: boolean;
}

/**
 * The environments and groups that have grants, in the manifest's form, by
 * name (environments are unique by name; a group whose name another group
 * shares is left out, since the manifest could not say which). Roles as the
 * plan shows them: Business Edition's slugs or names, none on Community
 * Edition. Pure, like the rest of export.
 */
export function exportAccess(access: ObservedAccess | undefined, names: { user: ReadonlyMap<number, string>; team: ReadonlyMap<number, string> }): ExportedAccess {
  const result: ExportedAccess = { environments: [], environmentGroups: [], notes: [], unlistedGrants: false };
  if (!access) return result;
  const groupCounts = new Map<string, number>();
  for (const holder of access.holders) if (holder.scope === 'group') groupCounts.set(holder.name, (groupCounts.get(holder.name) ?? 0) + 1);
  const holders = access.holders.filter((holder) => holder.users.length + holder.teams.length > 0).sort((a, b) => compareText(a.name, b.name) || a.id - b.id);
  // Said once, with the first such RoleId: the note explains the form, not each grant.
  let roleIdNoted = false;
  for (const holder of holders) {
    if (holder.scope === 'group' && (groupCounts.get(holder.name) ?? 0) > 1) {
      result.notes.push(`environment group Id ${holder.id} is left out: another group is named ${JSON.stringify(holder.name)} too, and a manifest names groups by name`);
      continue;
    }
    const entry = entryOf(holder, access, names, result);
    const unlisted = [...holder.users, ...holder.teams].find((grant) => !isListedRole(grant.roleId, access.roles));
    if (unlisted && !roleIdNoted) {
      result.notes.push(unlistedRoleNote(unlisted.roleId));
      roleIdNoted = true;
    }
    (holder.scope === 'environment' ? result.environments : result.environmentGroups).push(entry);
  }
  return result;
}

function unlistedRoleNote(roleId: number): string {
  return `grants whose RoleId is no role this Portainer lists are written role: { id: ${roleId} }: they give no access (Portainer's resolver ignores them), and plan keeps them as they are`;
}

/**
 * Business Edition's roles by slug or name; a RoleId the server lists as no
 * role (its Kubernetes namespace screen writes 0) as `{ id }`, which the plan
 * reads back as the same grant, so the round trip changes nothing.
 */
function grantOf(name: string, roleId: number, access: ObservedAccess): ExportedGrant {
  if (isCommunityEdition(access.roles)) return name;
  if (!isListedRole(roleId, access.roles)) return { name, role: { id: roleId } };
  const role = shownRole(roleId, access.roles);
  return role === DEFAULT_ACCESS_ROLE ? name : { name, role };
}

function entryOf(holder: ObservedAccessHolder, access: ObservedAccess, names: { user: ReadonlyMap<number, string>; team: ReadonlyMap<number, string> }, result: ExportedAccess): ExportedAccessHolder {
  const grantsOf = (principal: Principal, grants: readonly ObservedGrant[]): ExportedGrant[] => {
    const named: ExportedGrant[] = [];
    for (const grant of grants) {
      const name = names[principal].get(grant.id);
      if (name === undefined) {
        result.unlistedGrants = true;
        result.notes.push(`a grant on ${JSON.stringify(holder.name)} for ${principal} Id ${grant.id} is left out: no ${principal} in this file has that Id (prune.access is off, so plan leaves it alone)`);
        continue;
      }
      named.push(grantOf(name, grant.roleId, access));
    }
    return named.sort((a, b) => compareFolded(typeof a === 'string' ? a : a.name, typeof b === 'string' ? b : b.name));
  };
  const users = grantsOf('user', holder.users);
  const teams = grantsOf('team', holder.teams);
  return { name: holder.name, ...(users.length > 0 ? { users } : {}), ...(teams.length > 0 ? { teams } : {}) };
}
