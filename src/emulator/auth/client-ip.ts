import type { IncomingHttpHeaders } from 'node:http';
import { BlockList, isIP } from 'node:net';

/**
 * Whose bucket a rate-limited request spends (pkg/libhttp/clientip.go): the
 * TCP peer, unless the peer is a trusted proxy; then the rightmost entry of
 * `X-Forwarded-For` (what the proxy itself appended), else the rightmost
 * `for=` of `Forwarded`, else the peer. Portainer 2.45 builds its limiter with
 * no trusted proxies (server.go passes nil), so there the peer always decides;
 * the emulator's `trustedProxies` option turns the mechanism on.
 */
export type TrustedProxies = BlockList;

/** ParseTrustedProxies: addresses and CIDR ranges; a bare address is one host. */
export function parseTrustedProxies(entries: readonly string[]): TrustedProxies {
  const list = new BlockList();
  for (const raw of entries) {
    const entry = raw.trim();
    if (entry === '') continue;
    const [address = '', bits, ...extra] = entry.split('/');
    const family = isIP(address);
    const prefix = bits === undefined ? (family === 6 ? 128 : 32) : Number(bits);
    const valid = family !== 0 && extra.length === 0 && (bits === undefined || /^\d+$/.test(bits)) && prefix <= (family === 6 ? 128 : 32);
    if (!valid) throw new Error(`invalid trusted proxy address: "${entry}"`);
    list.addSubnet(address, prefix, family === 6 ? 'ipv6' : 'ipv4');
  }
  return list;
}

export function clientIp(peer: string, headers: IncomingHttpHeaders, trusted: TrustedProxies | undefined): string {
  const address = canonicalIp(peer);
  if (address === undefined) return peer;
  if (trusted === undefined || !trusted.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4')) return address;
  return forwardedIp(lastSegment(header(headers, 'x-forwarded-for')))
    ?? forwardedIp(forParam(lastSegment(header(headers, 'forwarded'))))
    ?? address;
}

/** Go's net.IP String(): IPv4-mapped addresses as IPv4, IPv6 compressed and lower-case. */
function canonicalIp(text: string): string | undefined {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(text)?.[1];
  if (mapped !== undefined) return mapped;
  if (isIP(text) === 4) return text;
  if (isIP(text) === 6) return new URL(`http://[${text}]`).hostname.slice(1, -1);
  return undefined;
}

/** parseForwardedIP: a bare address, or one with a port (`1.2.3.4:80`, `[2001:db8::1]:4711`). */
function forwardedIp(token: string | undefined): string | undefined {
  const value = token?.trim().replace(/^"+|"+$/g, '') ?? '';
  if (value === '') return undefined;
  const withPort = /^\[([^\]]+)\]:\d*$/.exec(value)?.[1] ?? /^([^:]+):\d*$/.exec(value)?.[1];
  return canonicalIp(value) ?? (withPort === undefined ? undefined : canonicalIp(withPort));
}

function lastSegment(value: string): string {
  return value.slice(value.lastIndexOf(',') + 1).trim();
}

/** ForwardedElementParam(element, "for"): the key in any case, the value without spaces and quotes. */
function forParam(element: string): string | undefined {
  for (const pair of element.split(';')) {
    const at = pair.indexOf('=');
    if (at >= 0 && pair.slice(0, at).trim().toLowerCase() === 'for') return pair.slice(at + 1).trim().replace(/^["']+|["']+$/g, '');
  }
  return undefined;
}

function header(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  return (Array.isArray(value) ? value.join(', ') : value) ?? '';
}
