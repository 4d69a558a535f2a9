import { AUTH_COOKIE } from './authenticate.js';

/**
 * The `portainer_api_key` cookie as Go's http.SetCookie writes it
 * (bouncer.go AddAuthCookie and RemoveAuthCookie). The emulator speaks plain
 * HTTP, so the cookie never carries `Secure`.
 */
export function authCookie(jwt: string, expiresMs: number): string {
  return `${AUTH_COOKIE}=${jwt}; Path=/; Expires=${new Date(expiresMs).toUTCString()}; HttpOnly; SameSite=Strict`;
}

/** MaxAge -1 is written `Max-Age=0`: the browser drops the cookie at once. */
export function clearedAuthCookie(): string {
  return `${AUTH_COOKIE}=; Path=/; Expires=${new Date(0).toUTCString()}; Max-Age=0; HttpOnly; SameSite=Strict`;
}
