import type { StoredApiKey, StoredUser } from '../stores/store.js';
import type { StoredMembership, StoredTeam } from '../stores/team-store.js';

/**
 * What a handler answers. Handlers return a Reply instead of writing to the
 * socket, so the server can add latency or drop the answer after the change.
 */
export interface Reply {
  status: number;
  body?: unknown; // JSON-encoded; a string is sent as text/plain
  headers?: Record<string, string>;
}

export function json(body: unknown, status = 200, headers?: Record<string, string>): Reply {
  return headers === undefined ? { status, body } : { status, body, headers };
}

export function noContent(): Reply {
  return { status: 204 };
}

/**
 * Portainer's error body (pkg/libhttp/error writeErrorResponse): `{"message","details"}`,
 * where details is the wrapped error's text, or the message when none, with its
 * first letter capitalised: Go's `errors.New("invalid username. ...")` reaches the
 * client as "Invalid username. ...". Both keys are `omitempty`.
 */
export function failure(status: number, message: string, details: string = message): Reply {
  const shown = capitalised(details);
  return { status, body: { ...(message === '' ? {} : { message }), ...(shown === '' ? {} : { details: shown }) } };
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function plainText(status: number, text: string): Reply {
  return { status, body: text };
}

/** Portainer's details for a missing record (dataservices/errors). */
export const OBJECT_NOT_FOUND = 'Object not found inside the database';
export const USER_NOT_FOUND = 'Unable to find a user with the specified identifier inside the database';
export const INVALID_PAYLOAD = 'Invalid request payload';

/** portainer.User as JSON; `Password` only where Portainer forgets to strip it (admin init). */
export function userJson(user: StoredUser, options: { withPasswordHash?: boolean } = {}): Record<string, unknown> {
  return {
    Id: user.id,
    Username: user.username,
    ...(options.withPasswordHash === true ? { Password: user.passwordHash } : {}),
    Role: user.role,
    TokenIssueAt: user.tokenIssueAt,
    ThemeSettings: { color: user.themeColor },
    UseCache: user.useCache,
  };
}

/** portainer.APIKey as JSON; the digest only in the create answer. */
export function apiKeyJson(key: StoredApiKey, options: { withDigest?: boolean } = {}): Record<string, unknown> {
  return {
    id: key.id,
    userId: key.userId,
    description: key.description,
    prefix: key.prefix,
    dateCreated: key.dateCreated,
    lastUsed: key.lastUsed,
    ...(options.withDigest === true ? { digest: key.digest } : {}),
  };
}

/** portainer.Team as JSON. */
export function teamJson(team: StoredTeam): Record<string, unknown> {
  return { Id: team.id, Name: team.name };
}

/** portainer.TeamMembership as JSON. */
export function membershipJson(membership: StoredMembership): Record<string, unknown> {
  return { Id: membership.id, UserID: membership.userId, TeamID: membership.teamId, Role: membership.role };
}
