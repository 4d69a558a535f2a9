import { z } from 'zod';
import { Secret } from '../../secret.js';

/**
 * Portainer's JSON as it crosses the wire: PascalCase (or Portainer's own
 * camelCase, for API keys) in, our camelCase out. Each schema takes only the
 * fields the tool uses and ignores the rest, because Portainer versions differ
 * in what they add (2.19 sends full user objects from `GET /users`, 2.45 fewer).
 */

export type Role = 'admin' | 'standard';

const id = z.number().int().nonnegative();

/** Users' roles: 1 administrator, 2 standard user (team roles are a separate scale). */
const userRole = z
  .union([z.literal(1), z.literal(2)], { error: 'expected a role of 1 (administrator) or 2 (standard user)' })
  .transform((role): Role => (role === 1 ? 'admin' : 'standard'));

export const roleToWire: Record<Role, 1 | 2> = { admin: 1, standard: 2 };

export const userSchema = z
  .object({ Id: id, Username: z.string(), Role: userRole })
  .transform((user) => ({ id: user.Id, username: user.Username, role: user.Role }));
export type UserSummary = z.output<typeof userSchema>;

export const userListSchema = z.array(userSchema);

/**
 * `userListSchema` for the answer that is thousands of users long: a plain
 * loop that checks the same fields and builds the same summaries, about ten
 * times faster than zod (Portainers with 10,000 users are why). `undefined`
 * when anything does not fit; the caller then parses with the schema, which
 * stays the documented shape and words the error.
 */
export function readUserList(json: unknown): UserSummary[] | undefined {
  if (!Array.isArray(json)) return undefined;
  const users = new Array<UserSummary>(json.length);
  for (let index = 0; index < json.length; index += 1) {
    const user: unknown = json[index];
    if (!isRecord(user)) return undefined;
    const { Id, Username, Role } = user;
    if (!isId(Id) || typeof Username !== 'string' || (Role !== 1 && Role !== 2)) return undefined;
    users[index] = { id: Id, username: Username, role: Role === 1 ? 'admin' : 'standard' };
  }
  return users;
}

/** What identifies one Portainer: its version, and the InstanceID made when its database was new (older servers may send none). */
export interface InstanceStatus {
  version: string;
  instanceId?: string;
}

export const statusSchema = z
  .object({ Version: z.string(), InstanceID: z.string().optional() })
  .transform((status): InstanceStatus => ({ version: status.Version, ...(status.InstanceID ? { instanceId: status.InstanceID } : {}) }));

export const publicSettingsSchema = z
  .object({
    // 12 is Portainer's default; servers older than the setting never sent it.
    RequiredPasswordLength: z.number().int().nonnegative().default(12),
    // Only 2.44+ has setup tokens; an older server never requires one.
    RequiresSetupToken: z.boolean().default(false),
    // 1 internal, 2 LDAP, 3 OAuth; anything else is read as internal, which asks the most of the manifest.
    AuthenticationMethod: z.number().int().default(1),
    // LDAP group sync: a login adds the user to the teams named like its directory groups.
    TeamSync: z.boolean().default(false),
  })
  .transform((settings) => ({
    requiredPasswordLength: settings.RequiredPasswordLength,
    requiresSetupToken: settings.RequiresSetupToken,
    authentication: AUTHENTICATION_METHODS[settings.AuthenticationMethod] ?? ('internal' as const),
    teamSync: settings.TeamSync,
  }));

const AUTHENTICATION_METHODS: Record<number, 'internal' | 'ldap' | 'oauth'> = { 1: 'internal', 2: 'ldap', 3: 'oauth' };
export type PublicSettings = z.output<typeof publicSettingsSchema>;

export const loginSchema = z.object({ jwt: z.string().min(1) }).transform((answer) => new Secret(answer.jwt));

/** Portainer sends API keys in camelCase already; `digest` is dropped here. */
export const apiKeySchema = z
  .object({
    id,
    userId: id,
    description: z.string(),
    prefix: z.string().default(''),
    dateCreated: z.number(),
    lastUsed: z.number().default(0),
  })
  .transform((key) => ({
    id: key.id,
    userId: key.userId,
    description: key.description,
    prefix: key.prefix,
    dateCreated: key.dateCreated,
    lastUsed: key.lastUsed,
  }));
export type ApiKeyInfo = z.output<typeof apiKeySchema>;

export const apiKeyListSchema = z.array(apiKeySchema);

/** `apiKeyListSchema` as a plain loop, for the thousand key lists of a large plan; `undefined` leaves the answer to the schema. */
export function readApiKeyList(json: unknown): ApiKeyInfo[] | undefined {
  if (!Array.isArray(json)) return undefined;
  const keys = new Array<ApiKeyInfo>(json.length);
  for (let index = 0; index < json.length; index += 1) {
    const key: unknown = json[index];
    if (!isRecord(key)) return undefined;
    const { id: keyId, userId, description, prefix = '', dateCreated, lastUsed = 0 } = key;
    if (!isId(keyId) || !isId(userId) || typeof description !== 'string' || typeof prefix !== 'string') return undefined;
    if (!isNumber(dateCreated) || !isNumber(lastUsed)) return undefined;
    keys[index] = { id: keyId, userId, description, prefix, dateCreated, lastUsed };
  }
  return keys;
}

// What the quick readers accept, matching zod: `id` (a safe whole number, not negative) and `z.number()` (finite).
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isId(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** The one answer that carries a raw key; it becomes a `Secret` the moment it is parsed. */
export const createdApiKeySchema = z
  .object({ rawAPIKey: z.string().min(1), apiKey: apiKeySchema })
  .transform((answer) => ({ rawKey: new Secret(answer.rawAPIKey), apiKey: answer.apiKey }));

/** Team roles, a scale of their own: 1 leader, 2 member. */
export type TeamRole = 'leader' | 'member';

export const teamRoleToWire: Record<TeamRole, 1 | 2> = { leader: 1, member: 2 };

const teamRole = z
  .union([z.literal(1), z.literal(2)], { error: 'expected a team role of 1 (leader) or 2 (member)' })
  .transform((role): TeamRole => (role === 1 ? 'leader' : 'member'));

export const teamSchema = z.object({ Id: id, Name: z.string() }).transform((team) => ({ id: team.Id, name: team.Name }));
export type Team = z.output<typeof teamSchema>;

export const teamListSchema = z.array(teamSchema);

/** A team membership, as both `GET /team_memberships` and the Users API's `GET /users/{id}/memberships` send it. */
export const teamMembershipSchema = z
  .object({ Id: id, UserID: id, TeamID: id, Role: teamRole })
  .transform((membership) => ({
    id: membership.Id,
    userId: membership.UserID,
    teamId: membership.TeamID,
    role: membership.Role,
  }));
export type TeamMembership = z.output<typeof teamMembershipSchema>;

export const teamMembershipListSchema = z.array(teamMembershipSchema);

/** The Users API's name for the same thing. */
export type Membership = TeamMembership;

/** Portainer's error body (`pkg/libhttp/error`): both fields optional, anything else ignored. */
export const errorBodySchema = z.object({
  message: z.string().optional(),
  details: z.string().optional(),
});

/**
 * Where and why a body did not fit, without the values themselves: a body may
 * hold a JWT or a raw API key, so no input is ever quoted.
 */
export function describeIssues(error: z.ZodError): string {
  const shown = error.issues.slice(0, 3).map((issue) => {
    const where = issue.path.length === 0 ? 'the body' : formatPath(issue.path);
    return `${where}: ${issue.message}`;
  });
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : '';
  return shown.join('; ') + more;
}

/** `[0, 'Role']` -> `[0].Role`. */
function formatPath(path: PropertyKey[]): string {
  return path
    .map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`))
    .join('');
}
