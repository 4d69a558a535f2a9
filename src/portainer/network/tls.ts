import { rootCertificates } from 'node:tls';

/**
 * How to check Portainer's TLS certificate when the defaults do not fit: a
 * private CA (Portainer's own self-signed certificate, a company CA), or no
 * check at all. `exchange.ts` gives these to its https agent.
 */
export interface TlsOptions {
  /** PEM text of CA certificates to trust besides the usual public ones. */
  ca?: string;
  /** Skip verification entirely (`--insecure`). */
  insecure?: boolean;
}

/** The `https.Agent` options that carry `tls`; none when the defaults do. */
export function certificateChecks(tls: TlsOptions): { rejectUnauthorized?: false; ca?: string[] } {
  if (tls.insecure) return { rejectUnauthorized: false };
  // `ca` replaces Node's list, so keep the public roots: a bundle given "just in case" must not break a public certificate.
  if (tls.ca !== undefined) return { ca: [...rootCertificates, tls.ca] };
  return {};
}
