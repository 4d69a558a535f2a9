import type { Document, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { yamlModule } from '../../manifest/yaml-module.js';
import { foldUsername } from '../../plan/match.js';
import type { TeamRole } from '../../plan/types/index.js';
import type { ListRef } from './source-ops.js';
import { ShapeError } from './source-text.js';

/**
 * The manifest's YAML document, read for editing: where each user entry,
 * each team entry and each team claim ("this user is in this team with this
 * role", in a team's `leaders`/`members` or a user's `teams`) is. The same
 * places team-claims.ts reads as data, here as nodes.
 */
export interface ManifestSource {
  text: string;
  root: YAMLMap;
  admin?: YAMLMap;
  users?: ListRef;
  userEntries: UserEntry[];
  teams?: ListRef;
  teamEntries: TeamEntry[];
  claims: Claim[];
}

export interface UserEntry {
  username: string;
  node: YAMLMap;
  index: number;
}

export interface TeamEntry {
  name: string;
  node: YAMLMap;
  index: number;
}

export type Claim = {
  team: string;
  username: string;
  role: TeamRole;
  list: ListRef;
  index: number;
} & ({ in: 'team'; entry: TeamEntry; key: 'leaders' | 'members' } | { in: 'user'; entry: UserEntry; node: Scalar | YAMLMap });

// The options parse.ts reads manifests with: the same document, node for node.
const YAML_OPTIONS = { prettyErrors: false, uniqueKeys: true, merge: true, logLevel: 'error' } as const;

export function readManifestSource(text: string): ManifestSource {
  const document: Document = yamlModule().parseDocument(text, YAML_OPTIONS);
  if (document.errors.length > 0) throw new ShapeError('the manifest does not parse');
  const root = document.contents;
  if (!yamlModule().isMap(root)) throw new ShapeError('the manifest is not a mapping');
  const admin = mapAt(root, 'admin');
  const users = listAt(root, 'users', true);
  const teams = listAt(root, 'teams', true);
  const userEntries = entriesOf(users, 'username').map(({ name, node, index }) => ({ username: name, node, index }));
  const teamEntries = entriesOf(teams, 'name');
  const claims = [...teamEntries.flatMap(teamClaimsOf), ...userEntries.flatMap(userClaimsOf)];
  return { text, root, ...(admin ? { admin } : {}), ...(users ? { users } : {}), userEntries, ...(teams ? { teams } : {}), teamEntries, claims };
}

/** A top-level list written in a way it was not read (an alias): the patch neither reads nor edits it. */
export function isUnread(source: ManifestSource, key: 'users' | 'teams'): boolean {
  return (key === 'users' ? source.users : source.teams) === undefined && pairAt(source.root, key) !== undefined;
}

export function refuseUnreadList(source: ManifestSource, key: 'users' | 'teams'): void {
  if (isUnread(source, key)) throw new ShapeError(`${key} is not a plain list`);
}

export function findUser(source: ManifestSource, username: string): UserEntry | undefined {
  return indexOf(source).users.get(foldUsername(username));
}

export function findTeam(source: ManifestSource, name: string): TeamEntry | undefined {
  return indexOf(source).teams.get(foldUsername(name));
}

/** Claims of one team and one user; `claimsNaming` those of one user (any team) or one team (any user). */
export function claimsOf(source: ManifestSource, team: string, username: string): Claim[] {
  return indexOf(source).claims.get(`${foldUsername(team)}\u0000${foldUsername(username)}`) ?? [];
}

export function claimsNaming(source: ManifestSource, what: { username: string } | { team: string }): Claim[] {
  const index = indexOf(source);
  return ('username' in what ? index.byUser.get(foldUsername(what.username)) : index.byTeam.get(foldUsername(what.team))) ?? [];
}

interface SourceIndex {
  users: Map<string, UserEntry>;
  teams: Map<string, TeamEntry>;
  claims: Map<string, Claim[]>;
  byUser: Map<string, Claim[]>;
  byTeam: Map<string, Claim[]>;
}

// Built on first use: a large manifest is searched once per edit, and there may be thousands.
const indexes = new WeakMap<ManifestSource, SourceIndex>();

function indexOf(source: ManifestSource): SourceIndex {
  let index = indexes.get(source);
  if (index) return index;
  const users = new Map<string, UserEntry>();
  for (const entry of source.userEntries) if (!users.has(foldUsername(entry.username))) users.set(foldUsername(entry.username), entry);
  const teams = new Map<string, TeamEntry>();
  for (const entry of source.teamEntries) if (!teams.has(foldUsername(entry.name))) teams.set(foldUsername(entry.name), entry);
  const group = (keyOf: (claim: Claim) => string) => {
    const groups = new Map<string, Claim[]>();
    for (const claim of source.claims) {
      const key = keyOf(claim);
      const claims = groups.get(key);
      if (claims) claims.push(claim);
      else groups.set(key, [claim]);
    }
    return groups;
  };
  index = {
    users,
    teams,
    claims: group((claim) => `${foldUsername(claim.team)}\u0000${foldUsername(claim.username)}`),
    byUser: group((claim) => foldUsername(claim.username)),
    byTeam: group((claim) => foldUsername(claim.team)),
  };
  indexes.set(source, index);
  return index;
}

/** The pair of `key` in `map`, when the map itself holds it (not through a merge key). */
export function pairAt(map: YAMLMap, key: string): Pair | undefined {
  return (map.items as Pair[]).find((pair) => scalarValue(pair.key) === key);
}

/**
 * The list `key` of `map`, when the map has one. An alias or an anchor there
 * is not something to edit (the change would show elsewhere too): refused,
 * or, only reading, passed over.
 */
export function listAt(map: YAMLMap, key: string, reading = false): ListRef | undefined {
  const pair = pairAt(map, key);
  if (!pair) return undefined;
  if (yamlModule().isSeq(pair.value) && !pair.value.anchor) return { seq: pair.value as YAMLSeq, pair };
  if (reading) return undefined;
  throw new ShapeError(`${key} is not a plain list`);
}

export function mapAt(map: YAMLMap, key: string): YAMLMap | undefined {
  const value = pairAt(map, key)?.value;
  return yamlModule().isMap(value) ? (value as YAMLMap) : undefined;
}

export function scalarAt(map: YAMLMap, key: string): Scalar | undefined {
  const value = pairAt(map, key)?.value;
  if (value === undefined || value === null) return undefined;
  if (!yamlModule().isScalar(value) || value.anchor) throw new ShapeError(`${key} is not a plain value`);
  return value as Scalar;
}

/** The mapping items of a list that have a string `nameKey`, with their index: team entries, environments, groups. */
export function entriesOf(list: ListRef | undefined, nameKey: string): TeamEntry[] {
  const { isMap } = yamlModule();
  return (list?.seq.items ?? []).flatMap((item, index) => {
    if (!isMap(item)) return [];
    const name = scalarValue(pairAt(item as YAMLMap, nameKey)?.value);
    return typeof name === 'string' ? [{ name, node: item as YAMLMap, index }] : [];
  });
}

function teamClaimsOf(entry: TeamEntry): Claim[] {
  return (['leaders', 'members'] as const).flatMap((key) => {
    const list = listAt(entry.node, key, true);
    const role: TeamRole = key === 'leaders' ? 'leader' : 'member';
    return (list?.seq.items ?? []).flatMap((item, index): Claim[] => {
      const username = scalarValue(item);
      return typeof username === 'string' ? [{ team: entry.name, username, role, list, index, in: 'team', entry, key } as Claim] : [];
    });
  });
}

function userClaimsOf(entry: UserEntry): Claim[] {
  const list = listAt(entry.node, 'teams', true);
  if (!list) return [];
  const { isMap, isScalar } = yamlModule();
  return list.seq.items.flatMap((item, index): Claim[] => {
    const base = { username: entry.username, list, index, in: 'user' as const, entry };
    if (isScalar(item) && typeof item.value === 'string') return [{ ...base, team: item.value, role: 'member', node: item as Scalar }];
    if (!isMap(item)) return [];
    const team = scalarValue(pairAt(item as YAMLMap, 'name')?.value);
    const role = scalarValue(pairAt(item as YAMLMap, 'role')?.value) === 'leader' ? 'leader' : 'member';
    return typeof team === 'string' ? [{ ...base, team, role, node: item as YAMLMap }] : [];
  });
}

export function scalarValue(node: unknown): unknown {
  return yamlModule().isScalar(node) ? (node as Scalar).value : undefined;
}
