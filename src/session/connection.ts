import { readFileSync } from 'node:fs';
import { passwordFor, type LoadedManifest } from '../manifest/index.js';
import { describeReadFailure } from '../files/read-failure.js';
import { isLoopbackHost, nameOf, normaliseTarget, PortainerClient, PortainerUrlError, type ClientAuth, type ClientOptions, type TlsOptions } from '../portainer/index.js';
import { Secret } from '../secret.js';
import { UserFacingError } from '../user-message.js';
import type { Target } from './target.js';

/** How the tool reaches and authenticates to Portainer, from a `Target`. */
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

/** The target or the credentials cannot work: no URL, no credentials, an unreadable CA bundle. */
export class TargetError extends UserFacingError {}

/** Where Portainer is and how to reach it (URL, timeout, TLS, request log): all that the public calls need. */
export interface Reach {
  target: string;
  timeoutMs: number;
  base: ClientOptions;
  publicClient?: PortainerClient;
}

/** Throws a TargetError when the URL is missing or wrong, or the CA bundle unreadable. */
function reach(target: Target): Reach {
  if (!target.url) throw new TargetError('no Portainer URL: give --url or set PORTAINER_URL');
  const timeoutMs = target.timeoutMs ?? 30_000;
  const normalised = targetUrlOf(target);
  const tls = tlsOptions(target);
  const base: ClientOptions = {
    url: target.url,
    timeoutMs,
    ...(target.onRequest ? { onRequest: target.onRequest } : {}),
    ...(tls ? { tls } : {}),
    ...(target.onWarning ? { onPacingWait: pacingNotice(target.onWarning) } : {}),
    ...(target.givenAs ? { givenAs: target.givenAs } : {}),
  };
  return { target: normalised, timeoutMs, base };
}

/** The URL as plans name it; a wrong one is said naming where it came from (`PORTAINER_URL: ...`). */
function targetUrlOf(target: Target): string {
  try {
    return normaliseTarget(target.url as string);
  } catch (error) {
    if (error instanceof PortainerUrlError) throw new TargetError(`${nameOf(target.givenAs, 'url')}: ${error.userMessage}`);
    throw error;
  }
}

/**
 * The public client before anything else is known (no manifest, no
 * credentials), so the public reads can go out first; `connect` then reuses
 * it. Undefined when the options are wrong: `connect` repeats the same checks
 * and says what is wrong at the point it always has.
 */
export function reachEarly(target: Target): Reach | undefined {
  try {
    const reached = reach(target);
    return { ...reached, publicClient: new PortainerClient({ ...reached.base, auth: { kind: 'none' } }) };
  } catch {
    return undefined;
  }
}

export function connect(target: Target, loaded?: LoadedManifest, reached: Reach = reach(target)): Connection {
  const { timeoutMs, base } = reached;
  const { auth, runningAs, actsAsManifestAdmin } = chooseAuth(target, loaded);
  const connection: Connection = {
    target: reached.target,
    timeoutMs,
    concurrency: target.concurrency ?? 8,
    publicClient: reached.publicClient ?? new PortainerClient({ ...base, auth: { kind: 'none' } }),
    client: new PortainerClient({ ...base, auth }),
    ...(runningAs ? { runningAs } : {}),
    actsAsManifestAdmin,
    passwordLogin: auth.kind === 'password',
    ...(target.setupToken ? { setupToken: new Secret(target.setupToken) } : {}),
  };
  warnAboutTransport(target);
  return connection;
}

/** Said once per run: a long apply of many keys waits at every one of them, by design. */
function pacingNotice(warn: (line: string) => void): () => void {
  let said = false;
  return () => {
    if (said) return;
    said = true;
    warn(
      "Note: waiting for Portainer's login rate limit: logins and API key creations are paced (a burst, then about one a second) so that this address is never banned.",
    );
  };
}

/** `caCert` is read once, here, so a wrong path is a clear sentence before any request. */
function tlsOptions(target: Target): TlsOptions | undefined {
  if (target.insecure) return { insecure: true };
  if (!target.caCert) return undefined;
  let ca: string;
  const givenAs = nameOf(target.givenAs, 'caCert');
  try {
    ca = readFileSync(target.caCert, 'utf8');
  } catch (error) {
    throw new TargetError(`cannot read the CA bundle ${target.caCert} (${givenAs}): ${describeReadFailure(error)}`);
  }
  if (!ca.includes('-----BEGIN CERTIFICATE-----')) {
    throw new TargetError(`${target.caCert} (${givenAs}) holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  }
  return { ca };
}

/** Said on every run, because a setting that weakens security should never become invisible. */
function warnAboutTransport(target: Target): void {
  const warn = target.onWarning ?? (() => {});
  if (target.insecure) {
    warn(
      `Warning: ${nameOf(target.givenAs, 'insecure')}: Portainer's TLS certificate is not verified, so anyone on the network path could pose as Portainer and read the credentials sent to it.`,
    );
  }
  const url = new URL((target.url as string).trim());
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    warn(`Warning: ${url.origin} is plain http to another machine: passwords, JWTs and API keys travel in clear text; use https://.`);
  }
}

function chooseAuth(target: Target, loaded?: LoadedManifest) {
  if (target.apiKey) {
    return { auth: { kind: 'api-key', key: new Secret(target.apiKey) } as ClientAuth, actsAsManifestAdmin: false };
  }
  if (target.username || target.password) {
    if (!target.username || !target.password) {
      throw new TargetError('--username and --password go together (or PORTAINER_USERNAME and PORTAINER_PASSWORD)');
    }
    const auth: ClientAuth = { kind: 'password', username: target.username, password: new Secret(target.password) };
    return { auth, runningAs: target.username, actsAsManifestAdmin: false };
  }
  const admin = loaded?.manifest.admin;
  if (!loaded || !admin) {
    throw new TargetError(
      'no credentials: give --api-key (PORTAINER_API_KEY), or --username and --password, or an admin block with a password in the manifest',
    );
  }
  const password = passwordFor(loaded, admin.username);
  if (!password) throw new TargetError(`no credentials: the manifest's admin ${admin.username} has no password`);
  const earlierNames = admin.previously ?? [];
  if (earlierNames.length === 0) return { auth: { kind: 'password', username: admin.username, password } as ClientAuth, runningAs: admin.username, actsAsManifestAdmin: true };
  // An admin the plan may rename logs in under whichever name it has now; the server says which (runningAs stays unknown until asked).
  return { auth: { kind: 'password', username: admin.username, password, earlierNames } as ClientAuth, actsAsManifestAdmin: true };
}
