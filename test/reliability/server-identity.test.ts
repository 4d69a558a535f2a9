import { describe, expect, it } from 'vitest';
import { canonicalAddress, isLoopbackAddress, isLoopbackHost } from '../../src/portainer/pacing/server-identity.js';

describe("a server's address in one spelling", () => {
  it.each(['::ffff:127.0.0.1', '::ffff:7f00:1', '0:0:0:0:0:ffff:7f00:1', '::FFFF:7F00:0001', '[::ffff:127.0.0.1]', '0000:0000:0000:0000:0000:ffff:127.0.0.1'])(
    'reads the IPv4-mapped %s as 127.0.0.1',
    (address) => expect(canonicalAddress(address)).toBe('127.0.0.1'),
  );

  it('writes other IPv6 addresses in one spelling, keeping a zone', () => {
    expect(canonicalAddress('2001:DB8::1')).toBe(canonicalAddress('2001:db8:0:0:0:0:0:0001'));
    expect(canonicalAddress('fe80::1%eth0')).toBe('fe80:0:0:0:0:0:0:1%eth0');
    expect(canonicalAddress('::ffff:10.0.0.5')).toBe('10.0.0.5');
  });

  it('knows loopback in every spelling, and nothing else as loopback', () => {
    for (const address of ['127.0.0.1', '127.8.9.10', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', '::ffff:7f00:1']) expect(isLoopbackAddress(address)).toBe(true);
    for (const address of ['10.0.0.1', '::ffff:10.0.0.1', '::2', '128.0.0.1', 'fe80::1']) expect(isLoopbackAddress(address)).toBe(false);
    for (const host of ['localhost', 'api.localhost', '[::1]', '[::ffff:7f00:1]', '127.0.0.1']) expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['portainer.example', '[::ffff:a00:1]', 'localhost.example']) expect(isLoopbackHost(host)).toBe(false);
  });
});
