import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { AdminInitMonitor } from './handlers/admin-monitor.js';
import * as backDoor from './back-door/back-door.js';
import * as accessBackDoor from './back-door/back-door-environments.js';
import * as teamBackDoor from './back-door/back-door-teams.js';
import { StaleWriters } from './back-door/stale-writer.js';
import { FaultBoard } from './http/faults.js';
import { parseTrustedProxies } from './auth/client-ip.js';
import { JwtSigner } from './auth/jwt.js';
import { parseTrustedOrigin } from './http/csrf.js';
import { DEFAULT_RATE_LIMIT, RateLimiter } from './auth/rate-limit.js';
import { createListener } from './http/server.js';
import type { EmulatorState } from './stores/state.js';
import { EmulatorStore } from './stores/store.js';
import type { Emulator, EmulatorOptions, RecordedRequest } from './types.js';

/**
 * A Portainer-compatible server in memory, written from Portainer's Go source
 * (Users API, teams and team memberships, environments and their access,
 * auth, status, public settings)
 * and sharing no code with our client, so that it can prove the client wrong.
 */
export type {
  Emulator,
  EmulatorOptions,
  EmulatorSeed,
  EmulatorTeamView,
  EmulatorUserView,
  EmulatorAccessView,
  AccessTarget,
  Principal,
  Fault,
  RecordedRequest,
  SeedDirectoryEntry,
  SeedAccessHolder,
  SeedEnvironment,
  SeedGrant,
  SeedTeam,
  SeedUser,
} from './types.js';
export { parseSeed } from './stores/seed.js';
export { parseTrustedProxies } from './auth/client-ip.js';
export { parseTrustedOrigin } from './http/csrf.js';

const DEFAULT_PORT = 9000;
const DEFAULT_HOST = '127.0.0.1';
/** Portainer disables itself when no admin exists 5 minutes after start. */
const DEFAULT_INIT_TIMEOUT_MS = 300_000;

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  // Checked before anything starts (the admin-init monitor runs a timer).
  const trustedProxies = options.trustedProxies === undefined ? undefined : parseTrustedProxies(options.trustedProxies);
  const trustedOrigins = new Set((options.trustedOrigins ?? []).map(parseTrustedOrigin));
  const store = new EmulatorStore(options.edition ?? 'ce');
  backDoor.applySeed(store, options.seed);
  accessBackDoor.applySeedEnvironments(store, options.seed?.environmentGroups, options.seed?.environments);
  const state: EmulatorState = {
    store,
    staleWriters: new StaleWriters(),
    signer: new JwtSigner(),
    limiter: new RateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT),
    monitor: new AdminInitMonitor(options.initTimeoutMs ?? DEFAULT_INIT_TIMEOUT_MS, () => store.hasAdmin()),
    settings: {
      minPasswordLength: options.minPasswordLength ?? 12,
      setupToken: options.setupToken,
      apiKeyCreateStatus: options.apiKeyCreateStatus ?? 200,
      instanceId: options.instanceId ?? options.seed?.instanceId ?? randomUUID(),
      auth: {
        method: options.authentication ?? 'internal',
        teamSync: options.teamSync ?? false,
        directory: new Map((options.seed?.directory ?? []).map((entry) => [entry.username.toLowerCase(), { password: entry.password, groups: entry.groups ?? [] }])),
      },
      trustedProxies,
      trustedOrigins,
      csp: options.csp ?? true,
    },
  };
  const requests: RecordedRequest[] = [];
  const faults = new FaultBoard();
  let latencyMs = options.latencyMs ?? 0;
  const server = createServer(
    createListener({ state, faults, requests, latencyMs: () => latencyMs, ...(options.onRequest ? { onRequest: options.onRequest } : {}) }),
  );
  const host = options.host ?? DEFAULT_HOST;
  let port: number;
  try {
    port = await listen(server, options.port ?? DEFAULT_PORT, host);
  } catch (error) {
    state.monitor.stop();
    throw error;
  }
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    requests,
    clearRequests: () => void requests.splice(0),
    setLatency: (ms) => void (latencyMs = ms),
    injectFault: (fault) => faults.inject(fault),
    clearFaults: () => faults.clear(),
    addUser: (user) => backDoor.addUser(store, user),
    setRole: (username, role) => backDoor.setRole(store, username, role),
    removeUser: (username) => backDoor.removeUser(store, username),
    addApiKey: (username, key) => backDoor.addApiKey(store, username, key),
    findUser: (username) => backDoor.findUser(store, username),
    listUsers: () => backDoor.listUsers(store),
    addTeam: (name) => teamBackDoor.addTeam(store, name),
    removeTeam: (name) => teamBackDoor.removeTeam(store, name),
    addMembership: (team, username, role) => teamBackDoor.addMembership(store, team, username, role),
    removeMembership: (team, username) => teamBackDoor.removeMembership(store, team, username),
    listTeams: () => teamBackDoor.listTeams(store),
    addEnvironment: (name, group) => accessBackDoor.addEnvironment(store, name, group),
    addEnvironmentGroup: (name) => accessBackDoor.addEnvironmentGroup(store, name),
    grant: (target, principal, roleId) => accessBackDoor.grant(store, target, principal, roleId),
    revoke: (target, principal) => accessBackDoor.revoke(store, target, principal),
    listAccess: () => accessBackDoor.listAccess(store),
    writeBackStaleAccess: (target, times) => accessBackDoor.armStaleWriter(store, state.staleWriters, target, times),
    close: () => close(server, state),
  };
}

/** Resolves with the port really bound (the free one when 0 was asked). */
function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}

function close(server: Server, state: EmulatorState): Promise<void> {
  state.monitor.stop();
  return new Promise((resolve, reject) => {
    server.close((error) => (error === undefined ? resolve() : reject(error)));
    server.closeAllConnections();
  });
}
