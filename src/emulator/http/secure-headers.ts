import type { Reply } from './reply.js';

/**
 * bouncer.go MWSecureHeaders, in 2.45 on by default (`--csp=false` turns the
 * policy off): every answer of a route behind the bouncer, public or
 * authenticated, failures included, carries this Content-Security-Policy.
 * Answers given before the bouncer (CSRF refusal, admin-init timeout, 404,
 * 405, the /auth rate limiter's 403) carry none. X-Content-Type-Options is
 * added to every answer by the server.
 */
export const CONTENT_SECURITY_POLICY =
  "script-src 'self' https://js.hsforms.net https://www.google.com/recaptcha/ https://www.gstatic.com/recaptcha/; " +
  "object-src 'none'; frame-ancestors 'none'; frame-src https://www.google.com/recaptcha/ https://www.gstatic.com/recaptcha/";

export function withSecureHeaders(reply: Reply, csp: boolean): Reply {
  if (!csp) return reply;
  return { ...reply, headers: { 'content-security-policy': CONTENT_SECURITY_POLICY, ...reply.headers } };
}
