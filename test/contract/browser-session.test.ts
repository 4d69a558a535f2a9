import { describe, expect, it } from 'vitest';
import { Secret } from '../../src/secret.js';
import { bearer, raw, sameOrigin, sessionCookie, type RawAnswer } from './raw-http.js';
import { itEmulated, PASSWORD, startTarget, type Target } from './target.js';

/**
 * What a browser session meets on Portainer 2.45: the `portainer_api_key`
 * cookie set at login, the CSRF wrapper (api/http/csrf/csrf.go over Go's
 * http.CrossOriginProtection), POST /auth/logout, and the secure headers of
 * the bouncer. Each write below would create a user; a refused one must not.
 */

/** Portainer 2.45's policy (bouncer.go MWSecureHeaders), as the browser receives it. */
const CONTENT_SECURITY_POLICY =
  "script-src 'self' https://js.hsforms.net https://www.google.com/recaptcha/ https://www.gstatic.com/recaptcha/; " +
  "object-src 'none'; frame-ancestors 'none'; frame-src https://www.google.com/recaptcha/ https://www.gstatic.com/recaptcha/";

interface Session {
  target: Target;
  jwt: string;
}

async function session(options: Parameters<typeof startTarget>[0] = {}): Promise<Session> {
  const target = await startTarget(options);
  const jwt = await target.client({ kind: 'none' }).login(target.admin.username, target.admin.password);
  return { target, jwt: jwt.reveal() };
}

/** A write a CSRF attack would want: creating a user. */
function createUser({ target }: Session, base: string, headers: Record<string, string>): Promise<RawAnswer> {
  return raw(target.url, 'POST', '/users', { headers, body: { username: target.name(base), password: PASSWORD, role: 2 } });
}

async function exists({ target }: Session, base: string): Promise<boolean> {
  return (await target.adminClient().listUsers()).some((user) => user.username === target.name(base));
}

function refusedAsForbidden(answer: RawAnswer): void {
  expect({ status: answer.status, text: answer.text, type: answer.headers['content-type'] }).toEqual({
    status: 403,
    text: 'Forbidden\n',
    type: 'text/plain; charset=utf-8',
  });
}

describe('the session cookie', () => {
  it('is set at login: the JWT, HttpOnly, SameSite=Strict, for the whole site', async () => {
    const target = await startTarget();
    const answer = await raw(target.url, 'POST', '/auth', { body: { username: target.admin.username, password: target.admin.password.reveal() } });
    const cookie = String(answer.headers['set-cookie']);
    expect(cookie).toMatch(new RegExp(`^portainer_api_key=${answer.json().jwt}; Path=/; Expires=[^;]+ GMT; HttpOnly; SameSite=Strict`));
  });
});

describe('a write carrying the session cookie', () => {
  it('is refused as Forbidden without Origin or Sec-Fetch-Site, and changes nothing', async () => {
    const s = await session();
    refusedAsForbidden(await createUser(s, 'csrf1', sessionCookie(s.jwt)));
    expect(await exists(s, 'csrf1')).toBe(false);
  });

  it('passes when it also carries a Bearer token or an API key (a browser never adds those)', async () => {
    const s = await session();
    expect((await createUser(s, 'csrf2', { ...sessionCookie(s.jwt), ...bearer(s.jwt) })).status).toBe(200);
    const keeper = await s.target.createUser('keeper', 'admin');
    const asKeeper = s.target.client({ kind: 'password', username: keeper.username, password: new Secret(PASSWORD) });
    const { rawKey } = await asKeeper.createApiKey(keeper.id, { description: 'csrf', password: new Secret(PASSWORD) });
    expect((await createUser(s, 'csrf3', { ...sessionCookie(s.jwt), 'x-api-key': rawKey.reveal() })).status).toBe(200);
  });

  it.each([
    ['Sec-Fetch-Site: same-origin', { 'sec-fetch-site': 'same-origin' }],
    ['Sec-Fetch-Site: none', { 'sec-fetch-site': 'none' }],
  ])('passes with %s', async (_label, headers) => {
    const s = await session();
    expect((await createUser(s, 'csrf4', { ...sessionCookie(s.jwt), ...headers })).status).toBe(200);
  });

  it('passes with an Origin naming the server itself', async () => {
    const s = await session();
    expect((await createUser(s, 'csrf5', { ...sessionCookie(s.jwt), ...sameOrigin(s.target.url) })).status).toBe(200);
  });

  it.each([
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site', { 'sec-fetch-site': 'same-site' }],
    ['another Origin', { origin: 'https://evil.example.com' }],
  ])('is refused as Forbidden with %s', async (_label, headers) => {
    const s = await session();
    refusedAsForbidden(await createUser(s, 'csrf6', { ...sessionCookie(s.jwt), ...headers }));
    expect(await exists(s, 'csrf6')).toBe(false);
  });

  it('is refused from another site even with a Bearer token: the cross-origin check looks at no credential', async () => {
    const s = await session();
    refusedAsForbidden(await createUser(s, 'csrf7', { ...bearer(s.jwt), 'sec-fetch-site': 'cross-site' }));
  });

  it('may read from another site: GET is never checked', async () => {
    const s = await session();
    expect((await raw(s.target.url, 'GET', '/users/me', { headers: { ...sessionCookie(s.jwt), 'sec-fetch-site': 'cross-site' } })).status).toBe(200);
  });

  itEmulated('passes from an origin given to --trusted-origins', async () => {
    const s = await session({ trustedOrigins: ['https://ui.example.com'] });
    const headers = { ...sessionCookie(s.jwt), origin: 'https://ui.example.com', 'sec-fetch-site': 'cross-site' };
    expect((await createUser(s, 'csrf8', headers)).status).toBe(200);
  });
});

describe('POST /auth/logout', () => {
  it('answers 204, clears the cookie and revokes the JWT it carried', async () => {
    const s = await session();
    const answer = await raw(s.target.url, 'POST', '/auth/logout', { headers: { ...sessionCookie(s.jwt), ...sameOrigin(s.target.url) } });
    expect(answer.status).toBe(204);
    expect(String(answer.headers['set-cookie'])).toMatch(/^portainer_api_key=; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; SameSite=Strict/);
    const after = await raw(s.target.url, 'GET', '/users/me', { headers: bearer(s.jwt) });
    expect({ status: after.status, body: after.json() }).toEqual({ status: 401, body: { message: 'Invalid JWT token', details: 'Unauthorized' } });
  });

  it('revokes nothing sent as a Bearer token: only the cookie is logged out', async () => {
    const s = await session();
    expect((await raw(s.target.url, 'POST', '/auth/logout', { headers: bearer(s.jwt) })).status).toBe(204);
    expect((await raw(s.target.url, 'GET', '/users/me', { headers: bearer(s.jwt) })).status).toBe(200);
  });

  it('is itself a write: with only the cookie and no Origin it is refused, and the JWT lives on', async () => {
    const s = await session();
    refusedAsForbidden(await raw(s.target.url, 'POST', '/auth/logout', { headers: sessionCookie(s.jwt) }));
    expect((await raw(s.target.url, 'GET', '/users/me', { headers: bearer(s.jwt) })).status).toBe(200);
  });

  it('leaves other logins of the same user working', async () => {
    const s = await session();
    const other = (await s.target.client({ kind: 'none' }).login(s.target.admin.username, new Secret(s.target.admin.password.reveal()))).reveal();
    await raw(s.target.url, 'POST', '/auth/logout', { headers: { ...sessionCookie(s.jwt), ...sameOrigin(s.target.url) } });
    expect((await raw(s.target.url, 'GET', '/users/me', { headers: bearer(other) })).status).toBe(200);
  });
});

describe('the Content-Security-Policy header', () => {
  it('is on public routes and on authenticated ones, failures included', async () => {
    const s = await session();
    const answers = [
      await raw(s.target.url, 'GET', '/status'),
      await raw(s.target.url, 'GET', '/settings/public'),
      await raw(s.target.url, 'GET', '/users/me', { headers: bearer(s.jwt) }),
      await raw(s.target.url, 'GET', '/users/me'),
    ];
    expect(answers.map((answer) => answer.headers['content-security-policy'])).toEqual(answers.map(() => CONTENT_SECURITY_POLICY));
    expect(answers.map((answer) => answer.headers['x-content-type-options'])).toEqual(answers.map(() => 'nosniff'));
  });

  it('is not on the CSRF refusal, which comes before the bouncer', async () => {
    const s = await session();
    const refused = await createUser(s, 'csp', { ...sessionCookie(s.jwt), 'sec-fetch-site': 'cross-site' });
    expect(refused.status).toBe(403);
    expect(refused.headers['content-security-policy']).toBeUndefined();
  });

  itEmulated('is gone with --csp=false', async () => {
    const target = await startTarget({ csp: false });
    expect((await raw(target.url, 'GET', '/status')).headers['content-security-policy']).toBeUndefined();
  });
});
