import { parse } from 'yaml';
import type { EmulatorSeed, SeedAccessHolder, SeedEnvironment, SeedGrant, SeedTeam, SeedUser } from '../types.js';

/**
 * The seed file is the EmulatorSeed shape in YAML:
 *   users:
 *     - { username: admin, password: "...", role: admin, apiKeys: [{ description: ci, dateCreated: 1700000000, lastUsed: 1710000000 }] }
 *     - { username: carol }            # no password: no local one (a directory user)
 *   teams:
 *     - { name: developers, leaders: [admin], members: [alice] }
 *   environmentGroups:
 *     - { name: staging, teams: [{ name: developers, roleId: 3 }] }
 *   environments:
 *     - { name: production, group: staging, users: [{ name: alice, roleId: 5 }] }
 *   instanceId: 6b2af0e1-...      (optional: the InstanceID the status routes report)
 * Unknown keys and wrong types are errors, each named by its place in the file.
 */
export function parseSeed(yamlText: string): EmulatorSeed {
  let document: unknown;
  try {
    document = parse(yamlText);
  } catch (error) {
    throw new Error(`seed: not valid YAML: ${(error as Error).message}`);
  }
  if (document === null || document === undefined) return {};
  const top = mapping(document, 'seed', ['instanceId', 'users', 'teams', 'directory', 'environmentGroups', 'environments']);
  const seed: EmulatorSeed = {};
  if (top['instanceId'] !== undefined && top['instanceId'] !== null) {
    seed.instanceId = text(top['instanceId'], 'instanceId');
    if (seed.instanceId.trim() === '') throw new Error('seed: instanceId must not be empty');
  }
  if (top['users'] !== undefined && top['users'] !== null) {
    seed.users = list(top['users'], 'users').map((entry, index) => seedUser(entry, `users[${index}]`));
    rejectDuplicateNames(seed.users);
  }
  if (top['teams'] !== undefined && top['teams'] !== null) {
    const usernames = new Set((seed.users ?? []).map((user) => user.username.toLowerCase()));
    seed.teams = list(top['teams'], 'teams').map((entry, index) => seedTeam(entry, `teams[${index}]`, usernames));
    rejectDuplicateTeams(seed.teams);
  }
  if (top['directory'] !== undefined && top['directory'] !== null) {
    seed.directory = list(top['directory'], 'directory').map((value, index) => {
      const where = `directory[${index}]`;
      const entry = mapping(value, where, ['username', 'password', 'groups']);
      const groups = entry['groups'] === undefined ? [] : list(entry['groups'], `${where}.groups`).map((group, at) => text(group, `${where}.groups[${at}]`));
      return { username: text(entry['username'], `${where}.username`), password: text(entry['password'], `${where}.password`), groups };
    });
  }
  if (top['environmentGroups'] !== undefined && top['environmentGroups'] !== null) {
    seed.environmentGroups = list(top['environmentGroups'], 'environmentGroups').map((entry, index) => seedAccessHolder(entry, `environmentGroups[${index}]`, []));
  }
  if (top['environments'] !== undefined && top['environments'] !== null) {
    seed.environments = list(top['environments'], 'environments').map((entry, index) => {
      const where = `environments[${index}]`;
      const holder: SeedEnvironment = seedAccessHolder(entry, where, ['group']);
      const group = (entry as Record<string, unknown>)['group'];
      if (group !== undefined) holder.group = text(group, `${where}.group`);
      return holder;
    });
    const names = new Set<string>();
    seed.environments.forEach((environment, index) => {
      if (names.has(environment.name)) throw new Error(`seed: environments[${index}].name "${environment.name}" is taken (environment names are unique)`);
      names.add(environment.name);
    });
  }
  return seed;
}

/** An environment or a group: a name and its user and team grants, each `{ name, roleId }` or a bare name. */
function seedAccessHolder(value: unknown, where: string, extra: string[]): SeedAccessHolder {
  const entry = mapping(value, where, ['name', 'users', 'teams', ...extra]);
  const holder: SeedAccessHolder = { name: text(entry['name'], `${where}.name`) };
  if (holder.name === '') throw new Error(`seed: ${where}.name must not be empty`);
  for (const field of ['users', 'teams'] as const) {
    if (entry[field] === undefined) continue;
    holder[field] = list(entry[field], `${where}.${field}`).map((item, index): SeedGrant => {
      const at = `${where}.${field}[${index}]`;
      if (typeof item === 'string') return { name: item };
      const grant = mapping(item, at, ['name', 'roleId']);
      const roleId = grant['roleId'];
      if (roleId !== undefined && (typeof roleId !== 'number' || !Number.isInteger(roleId))) throw new Error(`seed: ${at}.roleId must be a whole number`);
      return { name: text(grant['name'], `${at}.name`), ...(roleId === undefined ? {} : { roleId: roleId as number }) };
    });
  }
  return holder;
}

/** A team names users of this seed, each at most once (a leader or a member, not both). */
function seedTeam(value: unknown, where: string, usernames: Set<string>): SeedTeam {
  const entry = mapping(value, where, ['name', 'leaders', 'members']);
  const name = text(entry['name'], `${where}.name`);
  if (name === '') throw new Error(`seed: ${where}.name must not be empty`);
  const team: SeedTeam = { name };
  const listed = new Set<string>();
  for (const field of ['leaders', 'members'] as const) {
    if (entry[field] === undefined) continue;
    team[field] = list(entry[field], `${where}.${field}`).map((item, index) => {
      const username = text(item, `${where}.${field}[${index}]`);
      const key = username.toLowerCase();
      if (!usernames.has(key)) throw new Error(`seed: ${where}.${field}[${index}] "${username}" is not a user of this seed`);
      if (listed.has(key)) throw new Error(`seed: ${where}.${field}[${index}] "${username}" is listed twice in team "${name}"`);
      listed.add(key);
      return username;
    });
  }
  return team;
}

function rejectDuplicateTeams(teams: SeedTeam[]): void {
  const seen = new Map<string, number>();
  teams.forEach((team, index) => {
    const earlier = seen.get(team.name.toLowerCase());
    if (earlier !== undefined) {
      throw new Error(`seed: teams[${index}].name "${team.name}" is the same team as teams[${earlier}] (team names ignore case)`);
    }
    seen.set(team.name.toLowerCase(), index);
  });
}

function seedUser(value: unknown, where: string): SeedUser {
  const entry = mapping(value, where, ['username', 'password', 'role', 'apiKeys']);
  const username = text(entry['username'], `${where}.username`);
  if (username === '' || username.includes(' ')) throw new Error(`seed: ${where}.username must be non-empty and without spaces`);
  const user: SeedUser = { username };
  // A directory user of an LDAP or OAuth Portainer has no local password, as on Portainer.
  if (entry['password'] !== undefined && entry['password'] !== null) user.password = text(entry['password'], `${where}.password`);
  const role = entry['role'];
  if (role !== undefined) {
    if (role !== 'admin' && role !== 'standard') {
      throw new Error(`seed: ${where}.role must be "admin" or "standard", got ${JSON.stringify(role)}`);
    }
    user.role = role;
  }
  if (entry['apiKeys'] !== undefined) {
    user.apiKeys = list(entry['apiKeys'], `${where}.apiKeys`).map((key, index) => seedApiKey(key, `${where}.apiKeys[${index}]`));
  }
  return user;
}

function seedApiKey(value: unknown, where: string): NonNullable<SeedUser['apiKeys']>[number] {
  const entry = mapping(value, where, ['description', 'key', 'dateCreated', 'lastUsed']);
  const key: NonNullable<SeedUser['apiKeys']>[number] = { description: text(entry['description'], `${where}.description`) };
  if (entry['key'] !== undefined) key.key = text(entry['key'], `${where}.key`);
  for (const field of ['dateCreated', 'lastUsed'] as const) {
    const seconds = entry[field];
    if (seconds === undefined) continue;
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0) {
      throw new Error(`seed: ${where}.${field} must be unix seconds (a whole number), got ${JSON.stringify(seconds)}`);
    }
    key[field] = seconds;
  }
  return key;
}

function rejectDuplicateNames(users: SeedUser[]): void {
  const seen = new Map<string, number>();
  users.forEach((user, index) => {
    const earlier = seen.get(user.username.toLowerCase());
    if (earlier !== undefined) {
      throw new Error(`seed: users[${index}].username "${user.username}" is the same user as users[${earlier}] (usernames ignore case)`);
    }
    seen.set(user.username.toLowerCase(), index);
  });
}

function mapping(value: unknown, where: string, allowed: string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`seed: ${where} must be a mapping`);
  const unknownKey = Object.keys(value).find((key) => !allowed.includes(key));
  if (unknownKey !== undefined) {
    throw new Error(`seed: ${where} has an unknown key "${unknownKey}" (allowed: ${allowed.join(', ')})`);
  }
  return value as Record<string, unknown>;
}

function list(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new Error(`seed: ${where} must be a list`);
  return value;
}

function text(value: unknown, where: string): string {
  if (typeof value !== 'string') throw new Error(`seed: ${where} must be a string, got ${value === undefined ? 'nothing' : JSON.stringify(value)}`);
  return value;
}
