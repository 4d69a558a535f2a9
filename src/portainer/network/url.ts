/**
 * Where the Portainer API lives. People give the address they type into a
 * browser (`https://host:9443`), or one copied from API docs that already ends
 * in `/api`; either way every request goes to exactly one `/api` prefix.
 */

export class PortainerUrlError extends Error {
  readonly userMessage: string;

  constructor(userMessage: string) {
    super(userMessage);
    this.name = 'PortainerUrlError';
    this.userMessage = userMessage;
  }
}

/** `https://host:9443`, `https://host:9443/`, `https://host:9443/api/` -> `https://host:9443/api`. */
export function normaliseApiUrl(input: string): string {
  const url = parseUrl(input.trim());
  // A reverse proxy may serve Portainer under a sub-path (`https://host/portainer`); keep it.
  const path = url.pathname.replace(/\/+$/, '');
  const apiPath = path.endsWith('/api') ? path : `${path}/api`;
  return `${url.origin}${apiPath}`;
}

/**
 * The address as it is used, for plans and messages: what the URL parser
 * makes of it (no stray whitespace or line break), without a trailing slash.
 */
export function normaliseTarget(input: string): string {
  const url = parseUrl(input.trim());
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** The part of the address that identifies one server (and one rate-limit bucket). */
export function originOf(apiUrl: string): string {
  return new URL(apiUrl).origin;
}

function parseUrl(input: string): URL {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new PortainerUrlError(`${JSON.stringify(input.slice(0, 200))} is not a URL; give Portainer's address, e.g. https://portainer.example:9443`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new PortainerUrlError(`the Portainer URL must start with http:// or https://, got "${url.protocol}"`);
  }
  if (url.username !== '' || url.password !== '') {
    // Never echo the URL here: it carries a password.
    throw new PortainerUrlError('the Portainer URL must not contain a user name or password; use --username/--password or --api-key');
  }
  return url;
}
