import { readFileSync } from 'node:fs';
import { describeReadFailure } from '../files/read-failure.js';
import type { ClientOptions } from '../portainer/client.js';
import { EarlyReads } from '../portainer/transport/early-reads.js';
import { nameOf } from '../portainer/network/given-as.js';
import type { TlsOptions } from '../portainer/network/tls.js';
import { normaliseApiUrl, normaliseTarget, PortainerUrlError } from '../portainer/network/url.js';
import { UserFacingError } from '../user-message.js';
import type { Target } from './target.js';

/**
 * Where Portainer is and how to reach it, from a `Target`: all that the public
 * calls need, and nothing that loads the client itself, so that the CLI can
 * send the public reads (`sendPublicReads`) before the rest of a plan loads.
 */

/** The target or the credentials cannot work: no URL, no credentials, an unreadable CA bundle. */
export class TargetError extends UserFacingError {}

/** Where Portainer is and how to reach it (URL, timeout, TLS, request log): all that the public calls need. */
export interface Reach {
  target: string;
  timeoutMs: number;
  base: ClientOptions;
}

/** Throws a TargetError when the URL is missing or wrong, or the CA bundle unreadable. */
export function reach(target: Target): Reach {
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
 * The public reads of a plan, sent now (`portainer/transport/early-reads.ts`), for the
 * plan's public client to claim (`preparePlan`'s `early`). Undefined, and
 * nothing sent, when the target cannot be reached as given: the plan then
 * says why at the point it always has.
 */
export function sendPublicReads(target: Target): EarlyReads | undefined {
  let reached: Reach;
  try {
    reached = reach(target);
  } catch {
    return undefined;
  }
  const { url, tls } = reached.base;
  return new EarlyReads(normaliseApiUrl(url), { timeoutMs: reached.timeoutMs, ...(tls ? { tls } : {}) });
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
