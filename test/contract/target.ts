import { randomBytes } from 'node:crypto';
import { afterEach, describe, it } from 'vitest';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../src/emulator/index.js';
import { PortainerClient, resetPacing, type ClientAuth, type ClientOptions, type Created, type Role, type UserSummary } from '../../src/portainer/index.js';
import { Secret } from '../../src/secret.js';

/**
 * Where the contract tests send their requests: a fresh emulator per test, or
 * a real Portainer when PORTAINER_TEST_URL, PORTAINER_TEST_USERNAME and
 * PORTAINER_TEST_PASSWORD are set. Against a real server, tests that need an
 * emulator knob (faults, latency, a fresh or timed-out server, a low rate
 * limit) are skipped, users get unique names, and the users a test creates
 * are deleted after it.
 */

const real = process.env['PORTAINER_TEST_URL'] && process.env['PORTAINER_TEST_USERNAME'] && process.env['PORTAINER_TEST_PASSWORD']
  ? {
      url: process.env['PORTAINER_TEST_URL'],
      username: process.env['PORTAINER_TEST_USERNAME'],
      password: process.env['PORTAINER_TEST_PASSWORD'],
    }
  : undefined;

export const againstRealPortainer = real !== undefined;

/** For tests that need the emulator's knobs; skipped against a real Portainer. */
export const itEmulated = againstRealPortainer ? it.skip : it;
export const describeEmulated = againstRealPortainer ? describe.skip : describe;

/** Long enough for Portainer's default minimum of 12. */
export const PASSWORD = 'contract-password-0001';
export const OTHER_PASSWORD = 'contract-password-0002';

export interface Target {
  url: string;
  /** The emulator behind `url`; undefined against a real Portainer. */
  emulator: Emulator | undefined;
  admin: { username: string; password: Secret };
  /** A client logged in as the test admin by password. */
  adminClient(extra?: Partial<ClientOptions>): PortainerClient;
  client(auth: ClientAuth, extra?: Partial<ClientOptions>): PortainerClient;
  /** A name no other test run uses (`alice` stays `alice` on the emulator). */
  name(base: string): string;
  /** Creates a user through the API (removed after the test on a real server). */
  createUser(base: string, role?: Role, password?: string): Promise<UserSummary>;
}

let realAdmin: PortainerClient | undefined;
const started: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const stop of started.splice(0).reverse()) await stop();
  // Each emulator has its own port, so its own bucket; a real server's bucket must be kept.
  if (!real) resetPacing();
});

/** A target for one test, cleaned up after it. `options` only reach an emulator. */
export async function startTarget(options: EmulatorOptions = {}): Promise<Target> {
  if (real) return realTarget(real);
  const admin = { username: 'admin', password: 'admin-password-1' };
  const emulator = await startEmulator({ port: 0, seed: { users: [{ ...admin, role: 'admin' }] }, ...options });
  started.push(() => emulator.close());
  return makeTarget(emulator.url, emulator, { username: admin.username, password: new Secret(admin.password) }, (base) => base);
}

/** An emulator with no users at all: a Portainer waiting for its first admin. */
export async function startFreshEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = await startEmulator({ port: 0, ...options });
  started.push(() => emulator.close());
  return emulator;
}

function realTarget(server: { url: string; username: string; password: string }): Target {
  const run = randomBytes(3).toString('hex');
  const target = makeTarget(server.url, undefined, { username: server.username, password: new Secret(server.password) }, (base) => `pu-${run}-${base}`);
  started.push(async () => {
    const client = target.adminClient();
    // A test may have left a user an admin; deleting still works while another admin remains.
    const users = await client.listUsers();
    for (const user of users.filter((u) => u.username.startsWith(`pu-${run}-`))) await client.deleteUser(user.id);
  });
  return target;
}

function makeTarget(url: string, emulator: Emulator | undefined, admin: Target['admin'], name: (base: string) => string): Target {
  const client = (auth: ClientAuth, extra: Partial<ClientOptions> = {}) => new PortainerClient({ url, auth, ...extra });
  const adminAuth: ClientAuth = { kind: 'password', username: admin.username, password: admin.password };
  // One logged-in admin for the helpers and plain `adminClient()`: every login is a rate-limited
  // call, and a real server's limit is shared by the whole run.
  const helper = emulator ? client(adminAuth) : (realAdmin ??= client(adminAuth));
  return {
    url,
    emulator,
    admin,
    adminClient: (extra) => (extra ? client(adminAuth, extra) : helper),
    client,
    name,
    createUser: async (base, role = 'standard', password = PASSWORD) =>
      created(await helper.createUser({ username: name(base), password: new Secret(password), role })),
  };
}

/** The rejection of `promise`, which must reject. */
export async function failureOf(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** The value of a create that created; a test that expected one fails at the spot otherwise. */
export function created<T>(result: Created<T>): T {
  if (result.outcome !== 'created') throw new Error(`expected the call to create, but Portainer said it exists`);
  return result.value;
}
