import { Document, type Node } from 'yaml';
import { INITIAL_ADMIN_ID, MAX_KEY_DESCRIPTION } from '../limits.js';
import { compareText, foldUsername } from '../plan/match.js';
import type { ObservedApiKey, ObservedState, ObservedUser } from '../plan/types/index.js';
import { describeKeysUnreadable } from '../render/common/problem-words.js';
import { UNPRINTABLE, unicodeEscape } from '../unprintable.js';
import { passwordEnvNames } from '../manifest/env-names.js';
import { exportAccess } from './export-access.js';
import { exportedYamlText } from './yaml-text.js';
import { exportTeams, type ExportedTeams } from './export-teams.js';

const HEADER = [
  'yaml-language-server: $schema=manifest.schema.json',
  'Written by `portainer-users export`. The line above expects the schema beside this file:',
  '  portainer-users schema > manifest.schema.json',
  '(or point it at your copy of schemas/manifest.schema.json).',
  'Passwords are write-only in Portainer, so each is an { env } reference: set the variable before plan or apply. ' +
    "The tool uses a password only to create a user, to log in as a user to create its keys, and to read another admin's keys.",
  'Users whose keys were read list them under apiKeys, so apply deletes keys not listed; ' +
    "remove an entry's apiKeys to leave that user's keys alone. Add rotateAfter to keys that should rotate.",
];
/** Said when standard users without keys get no `apiKeys` (the default): why, and how to ask for `[]`. */
const NO_EMPTY_KEY_LISTS =
  'A standard user without keys has no apiKeys here, so its keys are left alone (a later promotion to admin, whose keys only that admin can read, changes nothing); ' +
  'export --empty-key-lists writes apiKeys: [] instead, so plan deletes keys made later.';
const EMPTY_KEY_LISTS = 'A user without keys has apiKeys: [] (export --empty-key-lists), so plan deletes keys made later.';

/** What export is asked besides the server's state. */
export interface ExportOptions {
  /** The server's InstanceID, for the header. */
  instanceId?: string;
  /** Write `apiKeys: []` for a standard user without keys (by default its entry has no `apiKeys`). */
  emptyKeyLists?: boolean;
}
const ROUND_TRIP = '`plan` of this file, as written, changes nothing.';
const ACCESS_HEADER =
  'Environments and groups that have grants are listed with the users and teams that have access (and their roles on Business Edition); ' +
  'environments this file does not list are never touched.';

/** Said only when the file lists teams: a server without teams gets no `teams` key (see exportManifest). */
function teamsHeader(teams: ExportedTeams): string[] {
  const memberships = teams.unlistedMembers
    ? 'prune.memberships is off because some members cannot be listed (see the notes) and plan would remove them; ' +
      'with it on, plan removes members a listed team does not name.'
    : 'prune.memberships is on, so plan removes members a listed team does not name.';
  return [`Teams are listed with their leaders and members. prune.teams is off, so teams this file does not list are left alone; ${memberships}`];
}

/**
 * A valid manifest of what the server has: users sorted by name (user Id 1,
 * when an admin, as the `admin` block), their roles, and the descriptions of
 * the keys that could be read. Keys that could not be read are left out with
 * a comment saying why, and the entry has no `apiKeys`, which the tool reads
 * as "leave this user's keys alone". Then the teams, with their leaders and
 * members, when the server has any (see export-teams.ts). Pure: observed
 * state in, YAML text out.
 *
 * A server without teams gets no `teams` key rather than `teams: []`: both
 * plan no change (prune.teams is off), but without the key the manifest does
 * not manage teams, so plan does not read them (two requests fewer) and a
 * team someone creates later is not reported against a file that never
 * meant to manage teams. Adding `teams:` later opts in.
 */
export function exportManifest(observed: ObservedState, options: ExportOptions = {}): string {
  return exportManifestWithCounts(observed, options).text;
}

/** How many entries of each section the exported file holds (what was written, not what the server has). */
export interface ExportedCounts {
  /** The admin block and the users. */
  users: number;
  teams: number;
  environments: number;
  environmentGroups: number;
}

/** `exportManifest`, with how many entries each section holds: export says what it wrote. */
export function exportManifestWithCounts(observed: ObservedState, options: ExportOptions = {}): { text: string; counts: ExportedCounts } {
  const notes: string[] = [];
  const exportable = observed.users.filter((user) => {
    const problem = usernameProblem(user.username);
    if (problem) notes.push(`user Id ${user.id} is left out: ${problem}`);
    return !problem;
  });
  const admin = exportable.find((user) => user.id === INITIAL_ADMIN_ID && user.role === 'admin');
  const users = exportable.filter((user) => user !== admin).sort(byUsername);
  const envNames = passwordEnvNames([...(admin ? [admin.username] : []), ...users.map((user) => user.username)], admin?.username);
  const env = (user: ObservedUser) => envNames.get(user.username) ?? 'PASSWORD';

  const entries = new Map<ObservedUser, { keys?: string[]; note?: string }>();
  for (const user of exportable) entries.set(user, keysOf(user, options.emptyKeyLists === true));
  const teams = exportTeams(observed.teams ?? [], new Set(exportable.map((user) => user.id)));
  const withTeams = teams.teams.length > 0;
  const listedTeams = new Set(teams.teams.map((team) => team.name));
  const access = exportAccess(observed.access, {
    user: new Map(exportable.map((user) => [user.id, user.username])),
    team: new Map((observed.teams ?? []).filter((team) => listedTeams.has(team.name)).map((team) => [team.id, team.name])),
  });
  const withAccess = access.environments.length + access.environmentGroups.length > 0;
  const data = {
    version: 1,
    ...(admin ? { admin: { username: admin.username, password: { env: env(admin) }, ...keysField(entries.get(admin)) } } : {}),
    users: users.map((user) => ({
      username: user.username,
      ...(user.role === 'admin' ? { role: 'admin' } : {}),
      password: { env: env(user) },
      ...keysField(entries.get(user)),
    })),
    ...(withTeams ? { teams: teams.teams } : {}),
    ...(access.environments.length > 0 ? { environments: access.environments } : {}),
    ...(access.environmentGroups.length > 0 ? { environmentGroups: access.environmentGroups } : {}),
    prune: {
      users: false,
      ...(withTeams ? { teams: false, memberships: !teams.unlistedMembers } : {}),
      ...(withAccess ? { access: !access.unlistedGrants } : {}),
    },
  };
  const unread = [...entries].filter(([user]) => user.apiKeys === undefined).map(([user]) => user.username).sort(compareText);
  if (unread.length > 0) notes.push(`API keys not read (so not listed) for: ${unread.join(', ')}; see the comment at each entry`);
  notes.push(...teams.notes, ...access.notes);
  const document = new Document(data);
  // The server's instance id, so that a fleet file can pin it (instanceId) and never send this manifest to another Portainer; escaped with the notes by commentText.
  const instance = options.instanceId !== undefined ? [`Instance: ${options.instanceId} (a fleet file pins it as instanceId)`] : [];
  const keyLists = exportable.some((user) => user.role === 'standard' && user.apiKeys?.length === 0) ? [options.emptyKeyLists ? EMPTY_KEY_LISTS : NO_EMPTY_KEY_LISTS] : [];
  document.commentBefore = commentText([...HEADER, ...keyLists, ...instance, ...(withTeams ? teamsHeader(teams) : []), ...(withAccess ? [ACCESS_HEADER] : []), ROUND_TRIP, ...notes.map((note) => `Note: ${note}`)]);
  annotate(document, admin, users, entries);
  const text = exportedYamlText(document);
  const counts = {
    users: users.length + (admin ? 1 : 0),
    teams: withTeams ? teams.teams.length : 0,
    environments: access.environments.length,
    environmentGroups: access.environmentGroups.length,
  };
  return { text, counts };
}

function keysField(entry: { keys?: string[] } | undefined): { apiKeys?: { description: string }[] } {
  return entry?.keys ? { apiKeys: entry.keys.map((description) => ({ description })) } : {};
}

/**
 * The key descriptions to export, or why this user's keys are left alone. A
 * standard user without keys gets no list unless asked: were it promoted
 * later, `apiKeys: []` would ask plan to read keys only that user may read.
 */
function keysOf(user: ObservedUser, emptyKeyLists: boolean): { keys?: string[]; note?: string } {
  if (user.apiKeys?.length === 0 && user.role === 'standard' && !emptyKeyLists) return {};
  if (user.apiKeys === undefined) {
    const why = user.apiKeysUnreadable ? describeKeysUnreadable(user.username, user.apiKeysUnreadable) : 'they were not read';
    return { note: `${user.username}'s API keys are not listed: ${why}. The tool leaves them alone.` };
  }
  const problem = keysProblem(user.apiKeys);
  if (problem) return { note: `${user.username}'s API keys are not listed: ${problem}. The tool leaves them alone.` };
  return { keys: user.apiKeys.map((key) => key.description).sort(compareText) };
}

/** A manifest that plans changes the moment it is exported would be a bad start: such keys are left alone instead. */
function keysProblem(keys: readonly ObservedApiKey[]): string | undefined {
  const seen = new Set<string>();
  for (const key of keys) {
    if (seen.has(key.description)) return `several keys share the description ${JSON.stringify(key.description)}, and the manifest matches keys by description (listing it once would make plan delete the older copies)`;
    seen.add(key.description);
    if (!/\S/.test(key.description) || key.description.length > MAX_KEY_DESCRIPTION) {
      return `the description ${JSON.stringify(key.description.slice(0, 40))} is not one a manifest can hold (1 to ${MAX_KEY_DESCRIPTION} characters, not only spaces)`;
    }
  }
  return undefined;
}

function usernameProblem(username: string): string | undefined {
  if (username === '' || /\s/.test(username)) return `its name ${JSON.stringify(username)} is empty or holds whitespace, which a manifest cannot hold`;
  return undefined;
}

/** Comments beside the entries they concern, and `{ env: NAME }` on one line as people write it. */
function annotate(document: Document, admin: ObservedUser | undefined, users: ObservedUser[], entries: Map<ObservedUser, { note?: string }>): void {
  const flow = (path: (string | number)[]) => {
    const node = document.getIn(path, true) as (Node & { flow?: boolean }) | undefined;
    if (node) node.flow = true;
  };
  const comment = (path: (string | number)[], text: string | undefined) => {
    const node = document.getIn(path, true) as Node | undefined;
    if (node && text) node.commentBefore = commentText([text]);
  };
  if (admin) {
    flow(['admin', 'password']);
    comment(['admin'], entries.get(admin)?.note);
  }
  users.forEach((user, index) => {
    flow(['users', index, 'password']);
    comment(['users', index], entries.get(user)?.note);
  });
  const pruneComments: [string, string][] = [
    ['users', ' true deletes server users this file does not list'],
    ['teams', ' true deletes server teams this file does not list'],
    ['memberships', ' true removes members a listed team does not name'],
    ['access', ' true removes grants a listed environment or group does not name'],
  ];
  for (const [field, text] of pruneComments) {
    const node = document.getIn(['prune', field], true) as Node | undefined;
    if (node) node.comment = text;
  }
}

const COMMENT_WIDTH = 100;

/** Comment lines for the yaml library (which adds the `#`), each paragraph wrapped at word boundaries. */
function commentText(paragraphs: readonly string[]): string {
  // A note may quote a name from the server: no control or line break of its own reaches the file.
  return paragraphs.flatMap((paragraph) => wrap(paragraph.replace(UNPRINTABLE, unicodeEscape)).map((line) => ` ${line}`)).join('\n');
}

function wrap(paragraph: string): string[] {
  if (paragraph.length <= COMMENT_WIDTH || paragraph.startsWith(' ')) return [paragraph];
  const lines: string[] = [];
  let line = '';
  for (const word of paragraph.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > COMMENT_WIDTH) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  lines.push(line);
  return lines;
}

function byUsername(a: ObservedUser, b: ObservedUser): number {
  return compareText(foldUsername(a.username), foldUsername(b.username)) || a.id - b.id;
}

