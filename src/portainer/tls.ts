import { rootCertificates } from 'node:tls';

/**
 * How to check Portainer's TLS certificate when the defaults do not fit: a
 * private CA (Portainer's own self-signed certificate, a company CA), or no
 * check at all. Node's fetch takes these as an undici `dispatcher`; undici is
 * loaded only when one of them is asked for, so ordinary runs start faster.
 */
export interface TlsOptions {
  /** PEM text of CA certificates to trust besides the usual public ones. */
  ca?: string;
  /** Skip verification entirely (`--insecure`). */
  insecure?: boolean;
}

/** One dispatcher per options object, so the clients made by `asUser` share connections. */
const dispatchers = new WeakMap<TlsOptions, Promise<unknown>>();

/** What `fetch` takes as its `dispatcher`, or undefined when the defaults do. */
export function dispatcherFor(tls: TlsOptions | undefined): Promise<unknown> | undefined {
  if (!tls || (!tls.insecure && tls.ca === undefined)) return undefined;
  let dispatcher = dispatchers.get(tls);
  if (!dispatcher) {
    dispatcher = createDispatcher(tls);
    dispatchers.set(tls, dispatcher);
  }
  return dispatcher;
}

async function createDispatcher(tls: TlsOptions): Promise<unknown> {
  const { Agent } = await import('undici');
  if (tls.insecure) return new Agent({ connect: { rejectUnauthorized: false } });
  // `ca` replaces Node's list, so keep the public roots: a bundle given "just in case" must not break a public certificate.
  return new Agent({ connect: { ca: [...rootCertificates, tls.ca as string] } });
}
