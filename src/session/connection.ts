import { passwordFor, type LoadedManifest } from '../manifest/index.js';
import type { EarlyReads } from '../portainer/transport/early-reads.js';
import { isLoopbackHost, nameOf, PortainerClient, type ClientAuth } from '../portainer/index.js';
import { Secret } from '../secret.js';
import { reach, TargetError, type Reach } from './reach.js';
import type { Target } from './target.js';

export { TargetError } from './reach.js';

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

/**
 * The public client before anything else is known (no manifest, no
 * credentials), so the public reads can go out first (or be claimed from
 * `early`, when the CLI sent them before this module was loaded); `connect`
 * then reuses it. Undefined when the options are wrong: `connect` repeats the
 * same checks and says what is wrong at the point it always has.
 */
export function reachEarly(target: Target, early?: EarlyReads): (Reach & { publicClient: PortainerClient }) | undefined {
  try {
    const reached = reach(target);
    return { ...reached, publicClient: new PortainerClient({ ...reached.base, auth: { kind: 'none' }, ...(early ? { early } : {}) }) };
  } catch {
    return undefined;
  }
}

export function connect(target: Target, loaded?: LoadedManifest, reached: Reach & { publicClient?: PortainerClient } = reach(target)): Connection {
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

/** What to give where no credentials were given: flags for one Portainer, the fleet file for a fleet's target. */
function noCredentials(target: Target): string {
  if (target.fleet) {
    const { target: name, file } = target.fleet;
    return `no credentials for target ${name}: give it credentials in ${file} (an apiKey, or a username and a password), or an admin block with a password in its manifests`;
  }
  return 'no credentials: give --api-key (PORTAINER_API_KEY), or --username and --password, or an admin block with a password in the manifest';
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
  if (!loaded || !admin) throw new TargetError(noCredentials(target));
  const password = passwordFor(loaded, admin.username);
  if (!password) throw new TargetError(`no credentials: the manifest's admin ${admin.username} has no password`);
  const earlierNames = admin.previously ?? [];
  const auth: ClientAuth = { kind: 'password', username: admin.username, password, ...(earlierNames.length > 0 ? { earlierNames } : {}) };
  // An admin the plan may rename logs in under whichever name it has now; the server says which (runningAs stays unknown until asked).
  return earlierNames.length > 0 ? { auth, actsAsManifestAdmin: true } : { auth, runningAs: admin.username, actsAsManifestAdmin: true };
}
