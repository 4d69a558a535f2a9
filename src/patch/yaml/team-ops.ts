import type { Scalar, YAMLMap } from 'yaml';
import { yamlModule } from '../../manifest/yaml-module.js';
import { foldUsername } from '../../plan/match.js';
import type { TeamRole } from '../../plan/types/index.js';
import { commit, isRemoved, liveClaims, newTeamOf, teamListOf, type Draft } from './draft.js';
import { claimsNaming, claimsOf, findTeam, findUser, listAt, pairAt, refuseUnreadList, scalarAt, type Claim } from './manifest-source.js';
import type { SourceOp } from './source-ops.js';
import { ShapeError } from './source-text.js';
import type { ManifestEdit } from '../types.js';

type Edit<Kind extends ManifestEdit['kind']> = Extract<ManifestEdit, { kind: Kind }>;

/**
 * Team edits on the document. A claim is removed wherever the manifest makes
 * it; a new claim goes where the manifest already writes the team (its entry
 * in `teams`, else the user's own `teams` list), or into a new team entry.
 * Each function looks everything up before it changes the draft, so an edit
 * the document cannot take leaves no trace.
 */
export function removeTeam(draft: Draft, edit: Edit<'remove-team'>): void {
  const entry = findTeam(draft.source, edit.team);
  const written = claimsNaming(draft.source, { team: edit.team }).filter((claim) => claim.in === 'user');
  if (!entry && written.length === 0) throw new ShapeError(`team ${edit.team} is not written where a patch can edit it`);
  // Claims in users the patch removes are gone already.
  const claims = liveClaims(draft, written);
  const ops: SourceOp[] = claims.map(removal);
  if (entry && draft.source.teams && !isRemoved(draft, entry)) ops.push({ op: 'remove', list: draft.source.teams, index: entry.index });
  commit(draft, ops);
  if (entry) draft.removedEntries.add(entry.node);
  for (const claim of claims) draft.removedClaims.add(claim);
}

export function removeMember(draft: Draft, edit: Edit<'remove-member'>): void {
  const claims = liveClaims(draft, claimsOf(draft.source, edit.team, edit.username));
  if (claims.length === 0) throw new ShapeError(`${edit.username}'s place in team ${edit.team} is not written where a patch can edit it`);
  commit(draft, claims.map(removal));
  for (const claim of claims) draft.removedClaims.add(claim);
}

export function addMember(draft: Draft, edit: Edit<'add-member'>): void {
  const entry = findTeam(draft.source, edit.team);
  if (entry && !isRemoved(draft, entry)) {
    commit(draft, [{ op: 'append', list: teamListOf(draft, entry, edit.role), value: edit.username, style: draft.style }]);
    return;
  }
  const user = findUser(draft.source, edit.username);
  const own = user && !isRemoved(draft, user) ? listAt(user.node, 'teams') : undefined;
  if (own) {
    commit(draft, [{ op: 'append', list: own, value: edit.role === 'leader' ? { name: edit.team, role: 'leader' } : edit.team, style: draft.style }]);
    draft.claimedByUsers.add(foldUsername(edit.team));
    return;
  }
  refuseUnreadList(draft.source, 'teams');
  const team = newTeamOf(draft, edit.team);
  (edit.role === 'leader' ? team.leaders : team.members).push(edit.username);
}

/** Every claim of the member gets the server's role: moved to the other list of its team, or its `role` set. */
export function setMemberRole(draft: Draft, edit: Edit<'set-member-role'>): void {
  const claims = liveClaims(draft, claimsOf(draft.source, edit.team, edit.username));
  if (claims.length === 0) throw new ShapeError(`${edit.username}'s place in team ${edit.team} is not written where a patch can edit it`);
  commit(draft, claims.filter((claim) => claim.role !== edit.role).flatMap((claim) => roleChange(draft, claim, edit.role)));
  for (const claim of claims) if (claim.in === 'team' && claim.role !== edit.role) draft.removedClaims.add(claim);
}

function roleChange(draft: Draft, claim: Claim, role: TeamRole): SourceOp[] {
  if (claim.in === 'team') return [removal(claim), { op: 'append', list: teamListOf(draft, claim.entry, role), value: claim.username, style: draft.style }];
  if (yamlModule().isScalar(claim.node)) return [{ op: 'replace', node: claim.node as Scalar, value: { name: String(claim.node.value), role } }];
  const map = claim.node as YAMLMap;
  const current = scalarAt(map, 'role');
  if (current) return [{ op: 'set', node: current, value: role }];
  return [{ op: 'insert', map, after: pairAt(map, 'name'), key: 'role', value: role }];
}

export function addTeam(draft: Draft, edit: Edit<'add-team'>): void {
  refuseUnreadList(draft.source, 'teams');
  const team = newTeamOf(draft, edit.team);
  for (const member of edit.members) (member.role === 'leader' ? team.leaders : team.members).push(member.username);
}

function removal(claim: Claim): SourceOp {
  return { op: 'remove', list: claim.list, index: claim.index };
}
