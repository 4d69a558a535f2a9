import { lookup } from 'node:dns/promises';
import { isIPv4, isIPv6 } from 'node:net';

/**
 * Which server an address reaches, whatever its spelling. Portainer's login
 * rate limit is per client address and the apply lock per server, so
 * `127.0.0.1`, `localhost`, `[::1]`, `[::ffff:127.0.0.1]` and
 * `[0:0:0:0:0:ffff:7f00:1]` of one port must all be one server: an IPv4
 * address mapped into IPv6 is that IPv4 address (the kernel delivers it to
 * the same IPv4 listener), and all of loopback is this machine.
 */

/** The address in one spelling: a mapped IPv4 as dotted IPv4, other IPv6 as eight lower-case groups. */
export function canonicalAddress(address: string): string {
  const bare = address.replace(/^\[|\]$/g, '').toLowerCase();
  if (!isIPv6(bare)) return bare;
  const groups = ipv6Groups(bare);
  if (!groups) return bare;
  const mapped = groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;
  if (mapped) return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join('.');
  // A link-local address is only one machine together with its interface (`%eth0`).
  const zone = bare.includes('%') ? bare.slice(bare.indexOf('%')) : '';
  return `${groups.map((group) => group.toString(16)).join(':')}${zone}`;
}

/** `127.0.0.0/8` and `::1`, in any spelling (a mapped `::ffff:127.x.y.z` too). */
export function isLoopbackAddress(address: string): boolean {
  const canonical = canonicalAddress(address);
  return /^127\.\d+\.\d+\.\d+$/.test(canonical) || canonical === '0:0:0:0:0:0:0:1';
}

/** A URL's host that is this machine without asking DNS: `localhost`, `*.localhost`, or a loopback address. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  return (isIPv4(host) || isIPv6(host)) && isLoopbackAddress(host);
}

/**
 * The key of the server at `origin`: the address its name resolves to (in
 * its one spelling, all of loopback as one) and the port. It costs no
 * request; asking the server for its instance id would cost one on every run.
 */
export async function serverKeyOf(origin: string): Promise<string> {
  const url = new URL(origin);
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const address = await lookup(host).then((found) => found.address, () => host);
  return `address:${isLoopbackAddress(address) ? 'loopback' : canonicalAddress(address)}:${port}`;
}

/** The eight 16-bit groups of an IPv6 address (a dotted IPv4 tail counts as two); undefined when it is not one. */
function ipv6Groups(address: string): number[] | undefined {
  const withoutZone = address.split('%')[0] ?? '';
  const [head = '', tail] = withoutZone.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').flatMap(groupsOf));
  const front = parse(head);
  const back = tail === undefined ? [] : parse(tail);
  if (front.includes(NaN) || back.includes(NaN)) return undefined;
  const missing = 8 - front.length - back.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return undefined;
  return [...front, ...new Array<number>(missing).fill(0), ...back];
}

function groupsOf(part: string): number[] {
  if (!part.includes('.')) return [/^[0-9a-f]{1,4}$/.test(part) ? parseInt(part, 16) : NaN];
  const octets = part.split('.').map(Number);
  if (octets.length !== 4 || octets.some((octet) => !Number.isInteger(octet) || octet < 0 || octet > 255)) return [NaN];
  return [(octets[0]! << 8) | octets[1]!, (octets[2]! << 8) | octets[3]!];
}
