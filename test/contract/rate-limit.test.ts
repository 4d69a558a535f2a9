import { describe, expect, it } from 'vitest';
import { Secret } from '../../src/secret.js';
import { describeEmulated, failureOf, PASSWORD, startTarget } from './target.js';

describeEmulated("Portainer's rate limit on /auth, /tokens and /passwd", () => {
  it('reports the ban as rate-limit-ban, not as bad credentials', async () => {
    // A server stricter than the pacer assumes: the fourth quick login empties its bucket.
    const target = await startTarget({ rateLimit: { burst: 3, perSecond: 1, banMs: 60_000 } });
    const client = target.client({ kind: 'none' });
    const password = new Secret(PASSWORD);
    const outcomes = await Promise.allSettled([1, 2, 3, 4, 5].map(() => client.login('admin', target.admin.password)));
    const error = outcomes.find((outcome) => outcome.status === 'rejected')?.reason;
    expect(error).toMatchObject({ kind: 'rate-limit-ban', method: 'POST', path: '/api/auth', status: 403, portainerMessage: 'Access denied' });
    expect(error.userMessage).toMatch(/banned for one hour by Portainer's rate limit/);
    expect(error.userMessage).not.toMatch(/invalid credentials/i);
    // While banned, key creation and password changes are refused the same way.
    const asAdmin = target.client({ kind: 'jwt', jwt: (outcomes[0] as PromiseFulfilledResult<Secret>).value });
    const keyError = await failureOf(asAdmin.createApiKey(1, { description: 'ci', password }));
    expect(keyError).toMatchObject({ kind: 'rate-limit-ban', path: '/api/users/1/tokens' });
    const passwdError = await failureOf(asAdmin.changePassword(1, { password, newPassword: password }));
    expect(passwdError).toMatchObject({ kind: 'rate-limit-ban', path: '/api/users/1/passwd' });
  });

  it('paces a run of logins from several clients so Portainer never bans the address', async () => {
    const target = await startTarget(); // Portainer's own limit: burst 10, one per second
    const clients = [target.client({ kind: 'none' }), target.client({ kind: 'none' }), target.adminClient()];
    const started = Date.now();
    for (let i = 0; i < 12; i += 1) await clients[i % 3]!.login('admin', target.admin.password);
    const elapsed = Date.now() - started;
    expect(target.emulator!.requests.every((r) => r.status === 200)).toBe(true);
    // Eight at once, then one per 1.05 s.
    expect(elapsed).toBeGreaterThanOrEqual(4 * 1050 - 50);
    expect(elapsed).toBeLessThan(4 * 1050 + 1500);
  });
});

describe('pacing against any server', () => {
  it('lets the first logins through without waiting', async () => {
    const target = await startTarget();
    const started = Date.now();
    for (let i = 0; i < 3; i += 1) await target.client({ kind: 'none' }).login(target.admin.username, target.admin.password);
    // Three tokens out of eight: no wait, even if an earlier test run spent some (they come back at ~1/s).
    expect(Date.now() - started).toBeLessThan(4000);
  });
});
