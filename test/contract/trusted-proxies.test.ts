import { expect, it } from 'vitest';
import { raw } from './raw-http.js';
import { describeEmulated, startTarget, type Target } from './target.js';

/**
 * Whose bucket a login spends (pkg/libhttp/clientip.go). Portainer 2.45 builds
 * its limiter with no trusted proxies, so the TCP peer always decides: behind
 * a proxy every client shares one bucket. The emulator's `trustedProxies`
 * turns on the mechanism 2.45 carries: from a trusted peer, the rightmost
 * X-Forwarded-For entry (else the rightmost Forwarded `for=`) is the client.
 * The tests connect from 127.0.0.1; a bucket of two with no refill shows
 * which requests share one.
 */

const STRICT = { burst: 2, perSecond: 0.001, banMs: 60_000 };

/** The statuses of wrong-password logins claiming to come from each of `clients`, in order. */
async function loginsFrom(target: Target, clients: Record<string, string>[]): Promise<number[]> {
  const statuses: number[] = [];
  for (const headers of clients) {
    const answer = await raw(target.url, 'POST', '/auth', { headers, body: { username: 'admin', password: 'wrong-password-9' } });
    statuses.push(answer.status);
  }
  return statuses;
}

const from = (xff: string) => ({ 'x-forwarded-for': xff });

describeEmulated("the login rate limiter's view of the client", () => {
  it('ignores X-Forwarded-For by default, as 2.45 does: every client behind the proxy shares one bucket', async () => {
    const target = await startTarget({ rateLimit: STRICT });
    expect(await loginsFrom(target, [from('10.0.0.1'), from('10.0.0.2'), from('10.0.0.3')])).toEqual([422, 422, 403]);
  });

  it('gives each forwarded client its own bucket when the peer is a trusted proxy', async () => {
    const target = await startTarget({ rateLimit: STRICT, trustedProxies: ['127.0.0.1'] });
    const statuses = await loginsFrom(target, [from('10.0.0.1'), from('10.0.0.1'), from('10.0.0.1'), from('10.0.0.2'), from('10.0.0.2')]);
    expect(statuses).toEqual([422, 422, 403, 422, 422]);
  });

  it('believes only the rightmost entry, the one the proxy appended: a spoofed prefix changes nothing', async () => {
    const target = await startTarget({ rateLimit: STRICT, trustedProxies: ['127.0.0.0/8'] });
    const statuses = await loginsFrom(target, [from('1.1.1.1, 10.0.0.1'), from('2.2.2.2, 10.0.0.1'), from('3.3.3.3,10.0.0.1')]);
    expect(statuses).toEqual([422, 422, 403]);
  });

  it('falls back to the rightmost for= of Forwarded, then to the peer', async () => {
    const target = await startTarget({ rateLimit: STRICT, trustedProxies: ['127.0.0.1'] });
    const forwarded = (value: string) => ({ forwarded: value });
    const statuses = await loginsFrom(target, [
      forwarded('for=1.2.3.4, for="[2001:db8:cafe::17]:4711"'),
      forwarded('for=2001:db8:cafe::17;proto=https'),
      from('not-an-address'),
      {},
      forwarded('for=2001:db8:cafe::17'),
    ]);
    expect(statuses).toEqual([422, 422, 422, 422, 403]);
  });

  it('ignores forwarding headers from a peer that is not trusted', async () => {
    const target = await startTarget({ rateLimit: STRICT, trustedProxies: ['10.0.0.0/8'] });
    expect(await loginsFrom(target, [from('10.0.0.1'), from('10.0.0.2'), from('10.0.0.3')])).toEqual([422, 422, 403]);
  });
});

describeEmulated('the emulator option', () => {
  it('refuses an entry that is neither an address nor a CIDR range, as ParseTrustedProxies does', async () => {
    await expect(startTarget({ trustedProxies: ['10.0.0.0/33'] })).rejects.toThrow('invalid trusted proxy address: "10.0.0.0/33"');
  });
});
