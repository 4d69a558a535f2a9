import type { YAMLMap } from 'yaml';
import { foldUsername } from '../../plan/match.js';
import type { TeamRole } from '../../plan/types/index.js';
import { listAt, pairAt, type Claim, type ManifestSource, type TeamEntry, type UserEntry } from './manifest-source.js';
import type { ListRef, NewListRef, SourceOp } from './source-ops.js';
import { spliceOps } from './source-splices.js';
import type { ListStyle, NewValue } from './yaml-values.js';

/** A team the patch adds to the top-level `teams` list. */
export interface NewTeam {
  name: string;
  leaders: string[];
  members: string[];
}

/**
 * The edits of the document made so far: the operations, the entries and
 * claims they remove (later edits leave those alone), and the users and
 * teams to append at the end.
 */
export interface Draft {
  source: ManifestSource;
  ops: SourceOp[];
  removedEntries: Set<YAMLMap>;
  removedClaims: Set<Claim>;
  newUsers: { [key: string]: NewValue }[];
  newTeams: Map<string, NewTeam>;
  /** Teams (folded) a user entry's own `teams` list gains. */
  claimedByUsers: Set<string>;
  /** How the manifest writes its teams' lists of names. */
  style: ListStyle;
}

export function startDraft(source: ManifestSource): Draft {
  return {
    source,
    ops: [],
    removedEntries: new Set(),
    removedClaims: new Set(),
    newUsers: [],
    newTeams: new Map(),
    claimedByUsers: new Set(),
    style: listStyleOf(source),
  };
}

/**
 * Adds an edit's operations, once the document has shown it can take them
 * (a span it cannot find, an anchor, throws ShapeError here and the draft is
 * unchanged). Call it before changing anything else in the draft.
 */
export function commit(draft: Draft, ops: readonly SourceOp[]): void {
  spliceOps(draft.source.text, ops);
  draft.ops.push(...ops);
}

export function isRemoved(draft: Draft, entry: UserEntry | TeamEntry): boolean {
  return draft.removedEntries.has(entry.node);
}

export function liveClaims(draft: Draft, claims: readonly Claim[]): Claim[] {
  return claims.filter((claim) => !draft.removedClaims.has(claim) && !isRemoved(draft, claim.entry));
}

export function newTeamOf(draft: Draft, name: string): NewTeam {
  let team = draft.newTeams.get(foldUsername(name));
  if (!team) draft.newTeams.set(foldUsername(name), (team = { name, leaders: [], members: [] }));
  return team;
}

/** A team entry's `leaders` or `members` list, or where a new one goes (after `name`, members after leaders). */
export function teamListOf(draft: Draft, entry: TeamEntry, role: TeamRole): ListRef | NewListRef {
  const key = role === 'leader' ? 'leaders' : 'members';
  const existing = listAt(entry.node, key);
  if (existing) return existing;
  const after = role === 'member' ? (pairAt(entry.node, 'leaders') ?? pairAt(entry.node, 'name')) : pairAt(entry.node, 'name');
  return { map: entry.node, key, after, style: draft.style };
}

/** `[alice]` unless the manifest's first team list is written one name a line. */
function listStyleOf(source: ManifestSource): ListStyle {
  for (const claim of source.claims) if (claim.in === 'team') return claim.list.seq.flow ? 'flow' : 'block';
  return 'flow';
}
