import { createHash } from 'node:crypto';
import type { ObservedAccess, ObservedState, ObservedTeam } from '../plan/types/index.js';

/**
 * A hash of the observed state in canonical form: users and keys sorted by id,
 * only the fields a plan depends on (a key's `lastUsed` moves whenever it is
 * used, so it is left out), teams and their memberships sorted by id too.
 * `apply PLANFILE` compares it to refuse stale plans.
 */
export function digestObservedState(state: ObservedState): string {
  const users = [...state.users]
    .sort((a, b) => a.id - b.id)
    .map((user) => ({
      id: user.id,
      username: user.username,
      role: user.role,
      apiKeys: user.apiKeys
        ? [...user.apiKeys]
            .sort((a, b) => a.id - b.id)
            .map((key) => ({ id: key.id, description: key.description, dateCreated: key.dateCreated }))
        : null,
      apiKeysUnreadable: user.apiKeysUnreadable?.cause ?? null,
      // Only checked with passwords.verify; absent otherwise, so those digests stay as they were.
      ...(user.passwordAccepted === undefined ? {} : { passwordAccepted: user.passwordAccepted }),
    }));
  // Teams only when they were read, so a manifest without teams keeps the digest it always had.
  const external = state.authentication && (state.authentication.method !== 'internal' || state.authentication.teamSync);
  const canonical = JSON.stringify({
    adminExists: state.adminExists,
    users,
    ...(state.teams ? { teams: canonicalTeams(state.teams) } : {}),
    // An LDAP or OAuth Portainer (or team sync) plans differently; an internal one keeps the digest it always had.
    ...(external ? { authentication: state.authentication } : {}),
    // Only the environments and groups the manifest names were kept, so an unlisted one never makes a plan stale.
    ...(state.access ? { access: canonicalAccess(state.access) } : {}),
  });
  return `sha256:${createHash('sha256').update(canonical).digest('hex')}`;
}

function canonicalTeams(teams: readonly ObservedTeam[]): unknown[] {
  return [...teams]
    .sort((a, b) => a.id - b.id)
    .map((team) => ({
      id: team.id,
      name: team.name,
      members: [...team.members]
        .sort((a, b) => a.membershipId - b.membershipId)
        .map((member) => ({ id: member.membershipId, userId: member.userId, role: member.role })),
    }));
}

function canonicalAccess(access: ObservedAccess): unknown {
  const byId = (a: { id: number }, b: { id: number }) => a.id - b.id;
  return {
    holders: [...access.holders]
      .sort((a, b) => (a.scope === b.scope ? a.id - b.id : a.scope < b.scope ? -1 : 1))
      .map((holder) => ({ scope: holder.scope, id: holder.id, name: holder.name, users: [...holder.users].sort(byId), teams: [...holder.teams].sort(byId) })),
    roles: [...access.roles].sort(byId),
    ...(access.teams ? { teams: [...access.teams].sort(byId) } : {}),
  };
}
