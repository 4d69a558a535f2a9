import { readFileSync } from 'node:fs';
import { PortainerClient, type ClientAuth, type ClientOptions, type RequestEvent, type TlsOptions } from '../portainer/index.js';
import { passwordFor, type LoadedManifest } from '../manifest/index.js';
import { Secret } from '../secret.js';
import type { GlobalOptions } from './program.js';
import { writeErr } from './output.js';
import { UserFacingError } from '../user-message.js';

/** How the tool reaches and authenticates to Portainer, from flags and environment. */
export interface Connection {
  target: string;
  timeoutMs: number;
  concurrency: number;
  /** For the public calls: status, settings, admin check, admin init. */
  publicClient: PortainerClient;
  /** Acting as the identity the tool runs as. */
  client: PortainerClient;
  /** That identity's username, when known before asking the server (not with an API key). */
  runningAs?: string;
  /** The identity is the manifest's admin because no credentials were given. */
  actsAsManifestAdmin: boolean;
  /** The client logs in with a password (so its JWT can create the identity's own keys). */
  passwordLogin: boolean;
  setupToken?: Secret;
}

export class UsageError extends UserFacingError {}

/** Where Portainer is and how to reach it (URL, timeout, TLS, request log): all that the public calls need. */
export interface Reach {
  target: string;
  timeoutMs: number;
  base: ClientOptions;
  publicClient?: PortainerClient;
}

/** Throws a UsageError when the URL is missing or the CA bundle unreadable. */
function reach(globals: GlobalOptions): Reach {
  if (!globals.url) throw new UsageError('no Portainer URL: give --url or set PORTAINER_URL');
  const timeoutMs = globals.timeout ?? 30_000;
  const onRequest = globals.debug ? logRequest : undefined;
  const tls = tlsOptions(globals);
  const base = { url: globals.url, timeoutMs, ...(onRequest ? { onRequest } : {}), ...(tls ? { tls } : {}) };
  return { target: globals.url, timeoutMs, base };
}

/**
 * The public client before anything else is known (no manifest, no
 * credentials), so the public reads can go out first; `connect` then reuses
 * it. Undefined when the options are wrong: `connect` repeats the same checks
 * and says what is wrong at the point it always has.
 */
export function reachEarly(globals: GlobalOptions): Reach | undefined {
  try {
    const reached = reach(globals);
    return { ...reached, publicClient: new PortainerClient({ ...reached.base, auth: { kind: 'none' } }) };
  } catch {
    return undefined;
  }
}

export function connect(globals: GlobalOptions, loaded?: LoadedManifest, reached: Reach = reach(globals)): Connection {
  const { target, timeoutMs, base } = reached;
  const { auth, runningAs, actsAsManifestAdmin } = chooseAuth(globals, loaded);
  const connection: Connection = {
    target,
    timeoutMs,
    concurrency: globals.concurrency ?? 8,
    publicClient: reached.publicClient ?? new PortainerClient({ ...base, auth: { kind: 'none' } }),
    client: new PortainerClient({ ...base, auth }),
    ...(runningAs ? { runningAs } : {}),
    actsAsManifestAdmin,
    passwordLogin: auth.kind === 'password',
    ...(globals.setupToken ? { setupToken: new Secret(globals.setupToken) } : {}),
  };
  warnAboutTransport(globals);
  return connection;
}

/** `--ca-cert` is read once, here, so a wrong path is a clear sentence before any request. */
function tlsOptions(globals: GlobalOptions): TlsOptions | undefined {
  if (globals.insecure) return { insecure: true };
  if (!globals.caCert) return undefined;
  let ca: string;
  try {
    ca = readFileSync(globals.caCert, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the CA bundle ${globals.caCert} (--ca-cert): ${(error as Error).message}`);
  }
  if (!ca.includes('-----BEGIN CERTIFICATE-----')) {
    throw new UsageError(`${globals.caCert} (--ca-cert) holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  }
  return { ca };
}

/** Said on every run, because a setting that weakens security should never become invisible. */
function warnAboutTransport(globals: GlobalOptions): void {
  if (globals.insecure) {
    writeErr(
      "Warning: --insecure: Portainer's TLS certificate is not verified, so anyone on the network path could pose as Portainer and read the credentials sent to it.",
    );
  }
  const url = new URL(globals.url as string);
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    writeErr(`Warning: ${url.origin} is plain http to another machine: passwords, JWTs and API keys travel in clear text; use https://.`);
  }
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function chooseAuth(globals: GlobalOptions, loaded?: LoadedManifest) {
  if (globals.apiKey) {
    return { auth: { kind: 'api-key', key: new Secret(globals.apiKey) } as ClientAuth, actsAsManifestAdmin: false };
  }
  if (globals.username || globals.password) {
    if (!globals.username || !globals.password) {
      throw new UsageError('--username and --password go together (or PORTAINER_USERNAME and PORTAINER_PASSWORD)');
    }
    const auth: ClientAuth = { kind: 'password', username: globals.username, password: new Secret(globals.password) };
    return { auth, runningAs: globals.username, actsAsManifestAdmin: false };
  }
  const admin = loaded?.manifest.admin;
  if (!loaded || !admin) {
    throw new UsageError(
      'no credentials: give --api-key (PORTAINER_API_KEY), or --username and --password, or an admin block with a password in the manifest',
    );
  }
  const password = passwordFor(loaded, admin.username);
  if (!password) throw new UsageError(`no credentials: the manifest's admin ${admin.username} has no password`);
  const auth: ClientAuth = { kind: 'password', username: admin.username, password };
  return { auth, runningAs: admin.username, actsAsManifestAdmin: true };
}

/** One line per attempt, then what was sent and received with every credential replaced by [redacted]. */
function logRequest(event: RequestEvent): void {
  const retry = event.attempt > 1 ? ` [attempt ${event.attempt}]` : '';
  const failure = event.failure ? `: ${event.failure}` : '';
  writeErr(`debug: ${event.method} ${event.path} -> ${event.status} (${event.ms} ms)${retry}${failure}`);
  const exchange = event.redacted();
  if (Object.keys(exchange.requestHeaders).length > 0) writeErr(`debug:   request headers ${JSON.stringify(exchange.requestHeaders)}`);
  if (exchange.requestBody) writeErr(`debug:   request body ${exchange.requestBody}`);
  if (exchange.responseBody) writeErr(`debug:   response body ${exchange.responseBody}`);
}
