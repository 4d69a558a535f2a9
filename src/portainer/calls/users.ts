import type { Secret } from '../../secret.js';
import { exists, expectSuccess, parseAnswer, type Created, type Removed } from './answers.js';
import type { Call } from '../transport/call.js';
import type { Send } from './send.js';
import * as wire from '../wire/wire.js';

/** The Users API: each function takes the client's authenticated `send` (`send.ts`). */

export async function currentUser(send: Send): Promise<wire.UserSummary> {
  const call: Call = { method: 'GET', route: 'users/me' };
  return parseAnswer(call, await send(call), wire.userSchema, 'a user');
}

export async function listUsers(send: Send): Promise<wire.UserSummary[]> {
  const call: Call = { method: 'GET', route: 'users' };
  const answer = expectSuccess(call, await send(call));
  return wire.readUserList(answer.json) ?? parseAnswer(call, answer, wire.userListSchema, 'a list of users');
}

export async function getUser(send: Send, id: number): Promise<wire.UserSummary> {
  const call: Call = { method: 'GET', route: `users/${id}` };
  return parseAnswer(call, await send(call), wire.userSchema, 'a user');
}

/** The user, or undefined when Portainer has none with that id (404). */
export async function findUser(send: Send, id: number): Promise<wire.UserSummary | undefined> {
  const call: Call = { method: 'GET', route: `users/${id}` };
  const answer = await send(call);
  return answer.status === 404 ? undefined : parseAnswer(call, answer, wire.userSchema, 'a user');
}

/**
 * `exists`: another user has that name, compared case-insensitively (409).
 * Without a password for an LDAP or OAuth Portainer, which refuses one (400).
 */
export async function createUser(send: Send, input: { username: string; password?: Secret; role: wire.Role }): Promise<Created<wire.UserSummary>> {
  const json = { username: input.username, password: input.password?.reveal() ?? '', role: wire.roleToWire[input.role] };
  const call: Call = { method: 'POST', route: 'users', json };
  const answer = await send(call);
  if (answer.status === 409) return exists(answer);
  return { outcome: 'created', value: parseAnswer(call, answer, wire.userSchema, 'a user') };
}

/** An admin sets another user's password with `newPassword` alone. Changing role or password voids that user's JWTs. */
export async function updateUser(send: Send, id: number, patch: { role?: wire.Role; username?: string; newPassword?: Secret }): Promise<wire.UserSummary> {
  const json = {
    ...(patch.role !== undefined ? { role: wire.roleToWire[patch.role] } : {}),
    ...(patch.username !== undefined ? { username: patch.username } : {}),
    ...(patch.newPassword !== undefined ? { newPassword: patch.newPassword.reveal() } : {}),
  };
  const call: Call = { method: 'PUT', route: `users/${id}`, json };
  return parseAnswer(call, await send(call), wire.userSchema, 'a user');
}

export type Renamed = { outcome: 'renamed'; value: wire.UserSummary } | { outcome: 'taken'; said?: string };

/**
 * Renames a user in place (administrators only); Portainer keeps the name
 * as sent. `taken`: another user has that name, compared case-insensitively (409).
 */
export async function renameUser(send: Send, id: number, username: string): Promise<Renamed> {
  const call: Call = { method: 'PUT', route: `users/${id}`, json: { username } };
  const answer = await send(call);
  if (answer.status === 409) {
    const { said } = exists(answer);
    return { outcome: 'taken', ...(said === undefined ? {} : { said }) };
  }
  return { outcome: 'renamed', value: parseAnswer(call, answer, wire.userSchema, 'a user') };
}

/** `PUT /users/{id}/passwd`: rate limited, and Portainer checks the current password even for admins. */
export async function changePassword(send: Send, id: number, input: { password: Secret; newPassword: Secret }): Promise<void> {
  const json = { password: input.password.reveal(), newPassword: input.newPassword.reveal() };
  const call: Call = { method: 'PUT', route: `users/${id}/passwd`, json, paced: true };
  expectSuccess(call, await send(call));
}

/** `already-gone`: no user has that id (404), e.g. when a repeated DELETE finds the first one worked. */
export async function deleteUser(send: Send, id: number): Promise<Removed> {
  const call: Call = { method: 'DELETE', route: `users/${id}` };
  const answer = await send(call);
  if (answer.status === 404) return 'already-gone';
  expectSuccess(call, answer);
  return 'deleted';
}

export async function userMemberships(send: Send, userId: number): Promise<wire.Membership[]> {
  const call: Call = { method: 'GET', route: `users/${userId}/memberships` };
  return parseAnswer(call, await send(call), wire.teamMembershipListSchema, 'a list of team memberships');
}
