import type { ApiKeyInfo, PortainerClient } from '../../portainer/index.js';
import { outcomeUnknown } from '../../portainer/index.js';
import type { ApiKeyCreateChange, ApiKeyDeleteChange, ApiKeyReplaceChange } from '../../plan/types/index.js';
import type { Secret } from '../../secret.js';
import { userMessageOf } from '../../user-message.js';
import type { ApplyContext } from '../context.js';
import { ApplyError } from '../recover.js';
import type { SecretsSink } from '../../secrets-file/secrets-sink.js';
import { foldUsername, sameUsername } from '../../plan/match.js';

type KeyCreation = ApiKeyCreateChange | ApiKeyReplaceChange;

export async function createKey(change: ApiKeyCreateChange, context: ApplyContext): Promise<void> {
  const created = await createKeyFor(change, context);
  // A rotation with an overlap: say until when the key it succeeds keeps working, now that the successor's date is known.
  if (change.succeeds) {
    const until = created.dateCreated + change.succeeds.overlapSeconds;
    context.notes.push({ code: 'key-overlap', address: change.address, keyId: change.succeeds.keyId, until });
  }
}

export async function replaceKey(change: ApiKeyReplaceChange, context: ApplyContext): Promise<void> {
  // The new key first, so the owner is never left without one.
  await createKeyFor(change, context);
  await removeKey(change.userId, change.keyId, context.client);
}

export async function deleteKey(change: ApiKeyDeleteChange, context: ApplyContext): Promise<void> {
  await removeKey(change.userId, change.keyId, context.client);
}

/** A key just made: its raw value (shown this once), its id, and its date on the server. */
interface CreatedKey {
  rawKey: Secret;
  keyId: number;
  dateCreated: number;
}

/** Where one key is being created: its owner, logged in, and the file its raw value goes to. */
interface Creation {
  change: KeyCreation;
  owner: PortainerClient;
  userId: number;
  password: Secret;
  sink: SecretsSink;
  /** The owner's keys with this description before the call; any other one with it afterwards is ours. */
  keysBefore: number[];
}

/**
 * Portainer lets only the owner create its keys, with a JWT and its current
 * password, and shows the raw key in that one answer. So the intent is written
 * to the secrets file before the call, and the raw key right after it.
 */
async function createKeyFor(change: KeyCreation, context: ApplyContext): Promise<{ keyId: number; dateCreated: number }> {
  const sink = context.secrets;
  if (!sink) throw new ApplyError({ code: 'no-secrets-file' });
  const userId = await userIdOf(change.username, context);
  const password = context.passwordOf(change.username);
  const owner = await ownerClient(change.username, password, context);
  const held = context.keysHeld?.(change.username, change.after.description) ?? [];
  const keysBefore = change.action === 'replace' && !held.includes(change.keyId) ? [...held, change.keyId] : held;
  const creation: Creation = { change, owner, userId, password, sink, keysBefore };
  const created = await sendCreation(creation).catch((error: unknown) => recoverLostAnswer(error, creation, context));
  await sink.record(change.username, change.after.description, created.rawKey, created.keyId);
  return { keyId: created.keyId, dateCreated: created.dateCreated };
}

async function sendCreation({ change, owner, userId, password, sink, keysBefore }: Creation): Promise<CreatedKey> {
  const description = change.after.description;
  await sink.recordIntent(change.username, description, keysBefore);
  const { rawKey, apiKey } = await owner.createApiKey(userId, { description, password });
  return { rawKey, keyId: apiKey.id, dateCreated: apiKey.dateCreated };
}

/**
 * The creation got no clear answer. If the key exists now, its raw value is
 * lost for good: delete it and create another, once. If it does not, or the
 * server cannot be read, stop; the intent stays in the secrets file, so the
 * next apply replaces a key that appears later.
 */
async function recoverLostAnswer(error: unknown, creation: Creation, context: ApplyContext): Promise<CreatedKey> {
  if (!outcomeUnknown(error)) throw error;
  const { change, owner, userId } = creation;
  let created: ApiKeyInfo[];
  try {
    created = (await owner.listApiKeys(userId)).filter(
      (key) => key.description === change.after.description && !creation.keysBefore.includes(key.id),
    );
  } catch (reread) {
    throw new ApplyError({ code: 'key-outcome-unknown', said: error.userMessage, username: change.username, reread: userMessageOf(reread) });
  }
  if (created.length === 0) throw new ApplyError({ code: 'key-not-created', said: error.userMessage, username: change.username });
  for (const key of created) await removeKey(userId, key.id, owner);
  context.notes.push({ code: 'key-created-again', address: change.address });
  return sendCreation(creation);
}

const ownerClients = new WeakMap<ApplyContext, Map<string, PortainerClient>>();

async function ownerClient(username: string, password: Secret, context: ApplyContext): Promise<PortainerClient> {
  if (context.clientLogsInAs !== undefined && sameUsername(context.clientLogsInAs, username)) return context.client;
  let clients = ownerClients.get(context);
  if (!clients) ownerClients.set(context, (clients = new Map()));
  const key = foldUsername(username);
  const existing = clients.get(key);
  if (existing) return existing;
  const client = await context.client.asUser(username, password);
  clients.set(key, client);
  return client;
}

/** From observation or this apply; read again when an earlier change's answer was lost (an admin init, say). */
async function userIdOf(username: string, context: ApplyContext): Promise<number> {
  const known = context.userIds.get(foldUsername(username));
  if (known !== undefined) return known;
  const found = (await context.client.listUsers()).find((user) => sameUsername(user.username, username));
  if (!found) throw new ApplyError({ code: 'key-owner-missing', username });
  context.userIds.set(foldUsername(username), found.id);
  return found.id;
}

/** A key already gone (a repeated DELETE, say) is as good as deleted. */
async function removeKey(userId: number, keyId: number, client: PortainerClient): Promise<void> {
  await client.deleteApiKey(userId, keyId);
}
