import { PortainerError, type PortainerClient } from '../portainer/index.js';
import type {
  AdminInitChange,
  ApiKeyCreateChange,
  ApiKeyDeleteChange,
  ApiKeyReplaceChange,
  Change,
  UserCreateChange,
  UserDeleteChange,
  UserUpdateChange,
} from '../plan/types.js';
import { assertNever } from '../plan/types.js';
import type { Secret } from '../secret.js';
import type { SecretsSink } from './secrets-sink.js';

/** What the executors share while one plan is applied. */
export interface ApplyContext {
  /** Acts as the identity the tool runs as. */
  client: PortainerClient;
  /** For admin init, which needs no credentials. */
  publicClient: PortainerClient;
  setupToken?: Secret;
  /** The manifest's password of a user; throws with a clear sentence when it cannot be read. */
  passwordOf(username: string): Secret;
  /** Lower-cased username -> Id, from observation and from users created during this apply. */
  userIds: Map<string, number>;
  /** A user whose password login the main client already uses, so its JWT can create that user's keys. */
  clientLogsInAs?: string;
  secrets?: SecretsSink;
  notes: string[];
}

export async function applyChange(change: Change, context: ApplyContext): Promise<void> {
  switch (change.kind) {
    case 'admin-init':
      return initAdmin(change, context);
    case 'user':
      if (change.action === 'create') return createUser(change, context);
      if (change.action === 'update') return updateRole(change, context);
      return deleteUser(change, context);
    case 'api-key':
      if (change.action === 'create') return createKey(change, context);
      if (change.action === 'replace') return replaceKey(change, context);
      return deleteKey(change, context);
    default:
      return assertNever(change);
  }
}

async function initAdmin(change: AdminInitChange, context: ApplyContext): Promise<void> {
  const { username } = change.after;
  try {
    const admin = await context.publicClient.initAdmin(username, context.passwordOf(username), context.setupToken);
    context.userIds.set(admin.username.toLowerCase(), admin.id);
  } catch (error) {
    // Someone else initialised the admin between our plan and this call: that is the state we wanted.
    if (!(error instanceof PortainerError && error.status === 409)) throw error;
    context.notes.push(`admin: Portainer already had an administrator (initialised by someone else); carried on`);
  }
}

async function createUser(change: UserCreateChange, context: ApplyContext): Promise<void> {
  const { username, role } = change.after;
  const user = await context.client.createUser({ username, role, password: context.passwordOf(username) });
  context.userIds.set(username.toLowerCase(), user.id);
}

async function updateRole(change: UserUpdateChange, context: ApplyContext): Promise<void> {
  // Portainer invalidates this user's JWTs; a password client logs in again on the next 401.
  await context.client.updateUser(change.userId, { role: change.after.role });
}

async function deleteUser(change: UserDeleteChange, context: ApplyContext): Promise<void> {
  await context.client.deleteUser(change.userId);
}

async function createKey(change: ApiKeyCreateChange, context: ApplyContext): Promise<void> {
  await createKeyFor(change.username, change.after.description, context);
}

async function replaceKey(change: ApiKeyReplaceChange, context: ApplyContext): Promise<void> {
  // The new key first, so the owner is never left without one.
  await createKeyFor(change.username, change.after.description, context);
  await removeKey(change.userId, change.keyId, context);
}

async function deleteKey(change: ApiKeyDeleteChange, context: ApplyContext): Promise<void> {
  await removeKey(change.userId, change.keyId, context);
}

const ownerClients = new WeakMap<ApplyContext, Map<string, PortainerClient>>();

/** Portainer lets only the owner create its keys, with a JWT and its current password. */
async function createKeyFor(username: string, description: string, context: ApplyContext): Promise<void> {
  const userId = context.userIds.get(username.toLowerCase());
  if (userId === undefined) throw new Error(`user ${username} does not exist on the server, so its key cannot be created`);
  const password = context.passwordOf(username);
  const owner = await ownerClient(username, password, context);
  const { rawKey } = await owner.createApiKey(userId, { description, password });
  if (!context.secrets) throw new Error('no --secrets-out file to write the new API key to');
  await context.secrets.record(username, description, rawKey);
}

async function ownerClient(username: string, password: Secret, context: ApplyContext): Promise<PortainerClient> {
  if (context.clientLogsInAs?.toLowerCase() === username.toLowerCase()) return context.client;
  let clients = ownerClients.get(context);
  if (!clients) ownerClients.set(context, (clients = new Map()));
  const key = username.toLowerCase();
  const existing = clients.get(key);
  if (existing) return existing;
  const client = await context.client.asUser(username, password);
  clients.set(key, client);
  return client;
}

async function removeKey(userId: number, keyId: number, context: ApplyContext): Promise<void> {
  try {
    await context.client.deleteApiKey(userId, keyId);
  } catch (error) {
    // Portainer answers 500 "API Key not found" for a key that is already gone.
    if (error instanceof PortainerError && error.status === 500 && /not found/i.test(error.portainerMessage ?? '')) return;
    throw error;
  }
}
