import type { OutgoingHttpHeaders } from 'node:http';
import { nowMs } from './clock.js';
import { exchange, tlsKey, type Incoming } from './exchange.js';
import { requestHeaders } from './request-headers.js';
import type { TlsOptions } from '../network/tls.js';

/**
 * The public reads a plan begins with, sent as soon as the URL is known and
 * before the client's own modules (ky, the answer schemas, the planner) are
 * loaded, so that the server answers while they load: which instance this is
 * (`instanceStatus`), the public settings and whether an administrator exists.
 * Each is the first attempt of the client's call for that route, which claims
 * it (`Transport`): ky retries it, the request log reports it and the client
 * reads its answer as it would any other attempt's. Nothing here needs
 * credentials; a read nobody claims (the plan stopped first) is dropped.
 */
export const PUBLIC_READS = ['system/status', 'settings/public', 'users/admin/check'] as const;

/** One read already sent: when it started and ended (`nowMs()`), and its answer to come. */
export interface SentRead {
  started: number;
  endedAt?: number;
  answer: Promise<Incoming>;
}

export class EarlyReads {
  readonly #sent = new Map<string, SentRead>();
  readonly #apiUrl: string;
  readonly #tls: string;

  /** Sends every `PUBLIC_READS` route under `apiUrl` (already normalised, e.g. `https://host:9443/api`). */
  constructor(apiUrl: string, options: { timeoutMs: number; tls?: TlsOptions }) {
    this.#apiUrl = apiUrl;
    this.#tls = tlsKey(options.tls);
    for (const route of PUBLIC_READS) this.#sent.set(route, sendRead(new URL(`${apiUrl}/${route}`), options.timeoutMs, options.tls));
  }

  /**
   * The read of `route` already sent, once, to a client of the same address
   * and TLS settings: a later call to the same route sends its own.
   */
  claim(apiUrl: string, tls: TlsOptions | undefined, route: string): SentRead | undefined {
    if (apiUrl !== this.#apiUrl || tlsKey(tls) !== this.#tls) return undefined;
    const sent = this.#sent.get(route);
    this.#sent.delete(route);
    return sent;
  }
}

function sendRead(url: URL, timeoutMs: number, tls: TlsOptions | undefined): SentRead {
  const started = nowMs();
  const answer = exchange({ method: 'GET', url, headers: requestHeaders({}) as OutgoingHttpHeaders, timeoutMs }, tls);
  const read: SentRead = { started, answer };
  // Awaited when claimed; a read nobody claims must not end the process as an unhandled rejection.
  const end = () => void (read.endedAt = nowMs());
  answer.then(end, end);
  return read;
}
