import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

/**
 * Portainer stores bcrypt hashes. Only "is this the password?" matters here,
 * so a cheap scrypt stands in: tests create many users and must stay fast.
 */
const COST = 1024;
const LENGTH = 32;

// Seeds of tens of thousands of users often share a password: hash each distinct one once.
const recentHashes = new Map<string, string>();
const REMEMBERED = 256;

/** bcrypt reads the first 72 bytes only; what a login compares, it compares. */
function bcryptInput(password: string): Buffer {
  return Buffer.from(password, 'utf8').subarray(0, 72);
}

/** An empty stored hash is a user without a local password (created under LDAP or OAuth): nothing matches it. */
export function hashPassword(password: string): string {
  if (password === '') return '';
  const known = recentHashes.get(password);
  if (known) return known;
  const salt = randomBytes(16);
  const hash = scryptSync(bcryptInput(password), salt, LENGTH, { N: COST });
  const stored = `$scrypt$${COST}$${salt.toString('base64')}$${hash.toString('base64')}`;
  if (recentHashes.size >= REMEMBERED) recentHashes.clear();
  recentHashes.set(password, stored);
  return stored;
}

export function passwordMatches(storedHash: string, candidate: string): boolean {
  const [, scheme, cost, salt, hash] = storedHash.split('$');
  if (scheme !== 'scrypt' || cost === undefined || salt === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = scryptSync(bcryptInput(candidate), Buffer.from(salt, 'base64'), expected.length, { N: Number(cost) });
  return timingSafeEqual(expected, actual);
}
