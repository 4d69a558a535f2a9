/**
 * Random manifests written as people write them: block and flow entries,
 * comments beside and between entries, quoted and plain names, blank lines
 * between users or not, teams at the top level and in users' own lists.
 * Every one is valid (a user has one role per team, teams name manifest users).
 */
import fc from 'fast-check';

export const USER_NAMES = ['alice', 'bob', 'carol', 'dave', 'erin'] as const;
export const TEAM_NAMES = ['developers', 'ops', 'qa'] as const;
export const DESCRIPTIONS = ['ci', 'deploy', 'laptop'] as const;
export const ENVIRONMENT_NAMES = ['prod', 'stage'] as const;
export const GRANT_ROLES = ['operator', 'read-only', 'environment-admin'] as const;

type TeamRole = 'leader' | 'member';

export interface UserSpec {
  username: string;
  role?: 'admin' | 'standard';
  keys?: string[];
  /** Teams this user's own `teams` list names. */
  teams?: { name: string; role: TeamRole; form: 'string' | 'map' }[];
  flow: boolean;
  keysFlow: boolean;
  quote: 'plain' | 'double' | 'single';
  comment: 'none' | 'above' | 'beside';
}

export interface TeamSpec {
  name: string;
  leaders: string[];
  members: string[];
  flow: boolean;
  listsFlow: boolean;
}

export interface GrantSpec {
  name: string;
  role?: string;
  form: 'string' | 'map';
}

export interface EnvironmentSpec {
  name: string;
  users?: GrantSpec[];
  teams?: GrantSpec[];
  flow: boolean;
}

export interface ManifestSpec {
  adminKeys?: string[];
  users: UserSpec[];
  teams?: TeamSpec[];
  environments?: EnvironmentSpec[];
  prune: { users: boolean; teams: boolean; memberships: boolean; access: boolean; protect: readonly string[] };
  spaced: boolean;
  verify: boolean;
}

const quote = fc.constantFrom('plain' as const, 'double' as const, 'single' as const);
const keys = fc.option(fc.subarray([...DESCRIPTIONS]), { nil: undefined });

const userSpec = (username: string) =>
  fc.record({
    username: fc.constant(username),
    role: fc.option(fc.constantFrom('admin' as const, 'standard' as const), { nil: undefined }),
    keys,
    flow: fc.boolean(),
    keysFlow: fc.boolean(),
    quote,
    comment: fc.constantFrom('none' as const, 'above' as const, 'beside' as const),
  });

const grants = (names: readonly string[]) =>
  fc.option(
    fc.subarray([...names]).chain((picked) =>
      fc.tuple(...picked.map((name) => fc.record({ name: fc.constant(name), role: fc.option(fc.constantFrom(...GRANT_ROLES), { nil: undefined }), form: fc.constantFrom('string' as const, 'map' as const) }))),
    ),
    { nil: undefined },
  );

/** Environments with grants of the manifest's users (and admin) and of teams, some named only on the server. */
const environmentSpecs = (usernames: string[]) =>
  fc.option(
    fc.subarray([...ENVIRONMENT_NAMES]).chain((names) =>
      fc.tuple(...names.map((name) => fc.record({ name: fc.constant(name), users: grants(['admin', ...usernames]), teams: grants([...TEAM_NAMES]), flow: fc.boolean() }))),
    ),
    { nil: undefined },
  );

/** Who is in which team with which role, then where the manifest writes each claim: the team's lists, the user's own list, or both. */
const claimsFor = (usernames: string[]) =>
  fc.array(
    fc.record({
      team: fc.constantFrom(...TEAM_NAMES),
      username: fc.constantFrom(...(usernames.length > 0 ? usernames : ['admin'])),
      role: fc.constantFrom('leader' as const, 'member' as const),
      where: fc.constantFrom('team' as const, 'user' as const, 'both' as const),
      form: fc.constantFrom('string' as const, 'map' as const),
    }),
    { maxLength: 6 },
  );

export const manifestSpecs: fc.Arbitrary<ManifestSpec> = fc
  .subarray([...USER_NAMES])
  .chain((names) =>
    fc.record({
      adminKeys: keys,
      users: fc.tuple(...names.map(userSpec)),
      claims: claimsFor(names),
      listedTeams: fc.subarray([...TEAM_NAMES]),
      topLevelTeams: fc.boolean(),
      teamStyles: fc.tuple(fc.boolean(), fc.boolean()),
      environments: environmentSpecs(names),
      prune: fc.record({ users: fc.boolean(), teams: fc.boolean(), memberships: fc.boolean(), access: fc.boolean(), protect: fc.constantFrom([], ['erin'], ['d*']) }),
      spaced: fc.boolean(),
      verify: fc.boolean(),
    }),
  )
  .map((drawn) => {
    const users: UserSpec[] = drawn.users.map((user) => ({ ...user }));
    const teams = new Map<string, TeamSpec>();
    const teamOf = (name: string) => {
      let team = teams.get(name);
      if (!team) teams.set(name, (team = { name, leaders: [], members: [], flow: drawn.teamStyles[0], listsFlow: drawn.teamStyles[1] }));
      return team;
    };
    if (drawn.topLevelTeams) for (const name of drawn.listedTeams) teamOf(name);
    const seen = new Set<string>();
    for (const claim of drawn.claims) {
      // One role per user and team: the first draw stands.
      if (seen.has(`${claim.team}/${claim.username}`)) continue;
      seen.add(`${claim.team}/${claim.username}`);
      const user = users.find((candidate) => candidate.username === claim.username);
      const where = !user ? 'team' : claim.where;
      if (where !== 'user' && drawn.topLevelTeams) (claim.role === 'leader' ? teamOf(claim.team).leaders : teamOf(claim.team).members).push(claim.username);
      if (user && (where !== 'team' || !drawn.topLevelTeams)) {
        user.teams = [...(user.teams ?? []), { name: claim.team, role: claim.role, form: claim.role === 'leader' ? 'map' : claim.form }];
      }
    }
    return {
      ...(drawn.adminKeys ? { adminKeys: drawn.adminKeys } : {}),
      users,
      ...(drawn.topLevelTeams ? { teams: [...teams.values()] } : {}),
      ...(drawn.environments ? { environments: drawn.environments.map((environment) => stripEmpty(environment)) } : {}),
      prune: drawn.prune,
      spaced: drawn.spaced,
      verify: drawn.verify,
    };
  });

function stripEmpty(environment: { name: string; users: GrantSpec[] | undefined; teams: GrantSpec[] | undefined; flow: boolean }): EnvironmentSpec {
  return { name: environment.name, flow: environment.flow, ...(environment.users ? { users: environment.users } : {}), ...(environment.teams ? { teams: environment.teams } : {}) };
}

function grantText(grant: GrantSpec): string {
  return grant.form === 'string' && grant.role === undefined ? grant.name : `{ name: ${grant.name}${grant.role ? `, role: ${grant.role}` : ''} }`;
}

function environmentLines(environment: EnvironmentSpec): string[] {
  const lines = [`  - name: ${environment.name}`];
  for (const key of ['users', 'teams'] as const) {
    const list = environment[key];
    if (!list) continue;
    if (environment.flow || list.length === 0) lines.push(`    ${key}: [${list.map(grantText).join(', ')}]`);
    else lines.push(`    ${key}:`, ...list.map((grant) => `      - ${grantText(grant)}`));
  }
  return lines;
}

function name(value: string, style: UserSpec['quote']): string {
  if (style === 'double') return `"${value}"`;
  if (style === 'single') return `'${value}'`;
  return value;
}

function envOf(username: string): string {
  return `${username.toUpperCase()}_PASSWORD`;
}

function flowKeys(descriptions: string[]): string {
  return `[${descriptions.map((description) => `{ description: ${description} }`).join(', ')}]`;
}

function userTeams(teams: NonNullable<UserSpec['teams']>): string {
  return `[${teams.map((team) => (team.form === 'string' ? team.name : `{ name: ${team.name}${team.role === 'leader' ? ', role: leader' : ''} }`)).join(', ')}]`;
}

function userLines(user: UserSpec): string[] {
  const lines: string[] = [];
  if (user.comment === 'above') lines.push(`  # ${user.username} is here for a reason`);
  if (user.flow) {
    const parts = [`username: ${name(user.username, user.quote)}`];
    if (user.role) parts.push(`role: ${user.role}`);
    parts.push(`password: { env: ${envOf(user.username)} }`);
    if (user.keys) parts.push(`apiKeys: ${flowKeys(user.keys)}`);
    if (user.teams) parts.push(`teams: ${userTeams(user.teams)}`);
    lines.push(`  - { ${parts.join(', ')} }${user.comment === 'beside' ? '   # flow entry' : ''}`);
    return lines;
  }
  lines.push(`  - username: ${name(user.username, user.quote)}${user.comment === 'beside' ? '   # aligned comment' : ''}`);
  if (user.role) lines.push(`    role: ${user.role}`);
  lines.push(`    password: { env: ${envOf(user.username)} }`);
  if (user.keys && (user.keysFlow || user.keys.length === 0)) lines.push(`    apiKeys: ${flowKeys(user.keys)}`);
  else if (user.keys) lines.push('    apiKeys:', ...user.keys.map((description) => `      - description: ${description}`));
  if (user.teams) lines.push(`    teams: ${userTeams(user.teams)}`);
  return lines;
}

function teamLines(team: TeamSpec): string[] {
  const list = (key: string, names: string[]) => {
    if (names.length === 0) return [];
    return team.listsFlow ? [`    ${key}: [${names.join(', ')}]`] : [`    ${key}:`, ...names.map((username) => `      - ${username}`)];
  };
  if (team.flow) {
    const parts = [`name: ${team.name}`, ...(team.leaders.length ? [`leaders: [${team.leaders.join(', ')}]`] : []), ...(team.members.length ? [`members: [${team.members.join(', ')}]`] : [])];
    return [`  - { ${parts.join(', ')} }`];
  }
  return [`  - name: ${team.name}`, ...list('leaders', team.leaders), ...list('members', team.members)];
}

export function manifestText(spec: ManifestSpec): string {
  const lines = ['# The people who may use Portainer.', 'version: 1', 'admin:', '  username: admin', '  password: { env: PORTAINER_ADMIN_PASSWORD }  # from the vault'];
  if (spec.adminKeys) lines.push(spec.adminKeys.length === 0 ? '  apiKeys: []' : '  apiKeys:', ...spec.adminKeys.map((description) => `    - description: ${description}`));
  lines.push('');
  if (spec.users.length === 0) lines.push('users: []');
  else {
    lines.push('users:');
    spec.users.forEach((user, index) => {
      if (spec.spaced && index > 0) lines.push('');
      lines.push(...userLines(user));
    });
  }
  if (spec.teams) {
    lines.push('', '# Teams, by name.');
    lines.push(...(spec.teams.length === 0 ? ['teams: []'] : ['teams:', ...spec.teams.flatMap(teamLines)]));
  }
  if (spec.environments) {
    lines.push('', '# Who may use which environment.');
    lines.push(...(spec.environments.length === 0 ? ['environments: []'] : ['environments:', ...spec.environments.flatMap(environmentLines)]));
  }
  const protect = spec.prune.protect.length > 0 ? `\n  protect: [${spec.prune.protect.map((pattern) => `"${pattern}"`).join(', ')}]` : '';
  lines.push('', `prune:\n  users: ${spec.prune.users}\n  teams: ${spec.prune.teams}\n  memberships: ${spec.prune.memberships}\n  access: ${spec.prune.access}${protect}`);
  if (spec.verify) lines.push('passwords:\n  verify: true');
  return `${lines.join('\n')}\n`;
}
