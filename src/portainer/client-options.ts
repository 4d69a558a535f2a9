import type { ClientAuth } from './credentials.js';
import type { EarlyReads } from './transport/early-reads.js';
import type { GivenAs } from './network/given-as.js';
import { pacerFor } from './pacing/pacing-registry.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './transport/retry.js';
import type { TlsOptions } from './network/tls.js';
import { Transport, type RequestEvent } from './transport/transport.js';
import { originOf } from './network/url.js';

export interface ClientOptions {
  /** `https://host:9443` or `https://host:9443/api`; `/api` is added once. */
  url: string;
  auth?: ClientAuth;
  /** Per request; default 30 s. */
  timeoutMs?: number;
  /** How reads and deletes are repeated; default `DEFAULT_RETRY_POLICY`. */
  retry?: Partial<RetryPolicy>;
  /** A private CA, or no verification at all. */
  tls?: TlsOptions;
  /** One event per HTTP attempt, for `--debug` and request counting; it holds no secret. */
  onRequest?: (event: RequestEvent) => void;
  /** A paced call (login, key creation) has waited 2 s for the rate limit and still waits. */
  onPacingWait?: () => void;
  /** Public reads sent before this client was made (`early-reads.ts`), for its calls to claim. */
  early?: EarlyReads;
  /** How the person gave the URL, the API key and the CA bundle, for sentences that name them. */
  givenAs?: GivenAs;
}

/** The transport a client's options describe; its pacing of rate-limited calls is the one every client of this process shares for that server. */
export function transportFor(apiUrl: string, options: ClientOptions): Transport {
  const origin = originOf(apiUrl);
  return new Transport({
    apiUrl,
    timeoutMs: options.timeoutMs ?? 30_000,
    retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
    ...(options.tls ? { tls: options.tls } : {}),
    ...(options.onRequest ? { onRequest: options.onRequest } : {}),
    ...(options.onPacingWait ? { onPacingWait: options.onPacingWait } : {}),
    ...(options.early ? { early: options.early } : {}),
    ...(options.givenAs ? { givenAs: options.givenAs } : {}),
    pacer: () => pacerFor(origin),
  });
}
