import type { Secret } from '../../secret.js';
import { exists, expectSuccess, parseAnswer, type Created } from './answers.js';
import type { Call } from '../transport/call.js';
import type { Send } from './send.js';
import * as wire from '../wire/wire.js';

/**
 * The calls that need no credentials: which server this is, its public
 * settings, the first administrator, and the login itself. Each takes the
 * client's anonymous `send`.
 */

/** `instanceId`: the database's UUID, when the server sends one (`InstanceID`). */
export async function status(send: Send): Promise<wire.InstanceStatus> {
  const call: Call = { method: 'GET', route: 'status' };
  return parseAnswer(call, await send(call), wire.statusSchema, 'a Portainer status');
}

/**
 * `GET /system/status`, or `/status` on an older Portainer that answers 404
 * to the first (2.45 still has both): which instance this is, before any
 * credential is sent to it.
 */
export async function instanceStatus(send: Send): Promise<wire.InstanceStatus> {
  const call: Call = { method: 'GET', route: 'system/status' };
  const answer = await send(call);
  if (answer.status !== 404) return parseAnswer(call, answer, wire.statusSchema, 'a Portainer status');
  return status(send);
}

export async function publicSettings(send: Send): Promise<wire.PublicSettings> {
  const call: Call = { method: 'GET', route: 'settings/public' };
  return parseAnswer(call, await send(call), wire.publicSettingsSchema, 'the public settings');
}

/** Portainer answers 204 when an administrator exists, 404 on a fresh server. */
export async function adminExists(send: Send): Promise<boolean> {
  const call: Call = { method: 'GET', route: 'users/admin/check' };
  const answer = await send(call);
  if (answer.status === 404) return false;
  expectSuccess(call, answer);
  return true;
}

/** `exists`: Portainer has an administrator already (409: someone else initialised it). */
export async function initAdmin(send: Send, username: string, password: Secret, setupToken?: Secret): Promise<Created<wire.UserSummary>> {
  const call: Call = {
    method: 'POST',
    route: 'users/admin/init',
    json: { Username: username, Password: password.reveal() },
    ...(setupToken ? { headers: { 'x-setup-token': setupToken.reveal() } } : {}),
  };
  const answer = await send(call);
  if (answer.status === 409) return exists(answer);
  // The answer carries the password hash; the schema drops it before anyone can log it.
  return { outcome: 'created', value: parseAnswer(call, answer, wire.userSchema, 'a user') };
}

/** `POST /auth`: a rate-limited call. A wrong password or an unknown user (422) throws an `invalid-credentials` error. */
export async function login(send: Send, username: string, password: Secret): Promise<Secret> {
  const call: Call = { method: 'POST', route: 'auth', json: { username, password: password.reveal() }, paced: true };
  return parseAnswer(call, await send(call), wire.loginSchema, 'a login answer with a JWT', { username });
}
