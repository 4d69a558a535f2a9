import type { Secret } from '../../secret.js';
import { expectSuccess, parseAnswer, type FailureContext, type Removed } from './answers.js';
import type { Call } from '../transport/call.js';
import type { Send } from './send.js';
import * as wire from '../wire/wire.js';

/** The API keys (`users/{id}/tokens`): each function takes the client's authenticated `send` (`send.ts`). */

/** An admin may list a standard user's keys, but only an admin itself may list its own. */
export async function listApiKeys(send: Send, userId: number): Promise<wire.ApiKeyInfo[]> {
  const call: Call = { method: 'GET', route: `users/${userId}/tokens` };
  const answer = expectSuccess(call, await send(call));
  return wire.readApiKeyList(answer.json) ?? parseAnswer(call, answer, wire.apiKeyListSchema, 'a list of API keys');
}

/**
 * The keys, or `forbidden` where Portainer refuses to list them (403): an
 * administrator may list its own keys and a standard user's, never another
 * administrator's; `gone` when the user was deleted since it was listed (404).
 */
export async function readApiKeys(send: Send, userId: number): Promise<wire.ApiKeyInfo[] | 'forbidden' | 'gone'> {
  const call: Call = { method: 'GET', route: `users/${userId}/tokens` };
  const answer = await send(call);
  if (answer.status === 403) return 'forbidden';
  if (answer.status === 404) return 'gone';
  expectSuccess(call, answer);
  return wire.readApiKeyList(answer.json) ?? parseAnswer(call, answer, wire.apiKeyListSchema, 'a list of API keys');
}

/**
 * Rate limited; only the user itself, logged in with a JWT, may do it. 2.19-2.23 answer 201, 2.45 200.
 * `byApiKey`: the client acts with an API key, which Portainer refuses here; a failure says so.
 */
export async function createApiKey(send: Send, userId: number, input: { description: string; password: Secret }, byApiKey: boolean): Promise<{ rawKey: Secret; apiKey: wire.ApiKeyInfo }> {
  const json = { description: input.description, password: input.password.reveal() };
  const call: Call = { method: 'POST', route: `users/${userId}/tokens`, json, paced: true };
  const context: FailureContext = byApiKey ? { hint: 'Portainer creates API keys only for a user logged in with its password, not with an API key' } : {};
  return parseAnswer(call, await send(call, context), wire.createdApiKeySchema, 'a new API key', context);
}

/** `already-gone`: Portainer answers 500 `API Key not found` for a key id it does not have (a repeated DELETE, say). */
export async function deleteApiKey(send: Send, userId: number, keyId: number): Promise<Removed> {
  const call: Call = { method: 'DELETE', route: `users/${userId}/tokens/${keyId}` };
  const answer = await send(call);
  if (answer.status === 404 || (answer.status === 500 && /api key not found/i.test(answer.text))) return 'already-gone';
  expectSuccess(call, answer);
  return 'deleted';
}
