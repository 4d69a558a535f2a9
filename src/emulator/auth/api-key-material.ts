import { createHash, randomBytes } from 'node:crypto';

/**
 * Raw keys look like Portainer's (api/apikey/service.go): `ptr_` + base64 of
 * 32 random bytes; the server keeps only the base64 SHA-256 digest and the
 * first 7 characters as a prefix.
 */
export function generateRawApiKey(): string {
  return `ptr_${randomBytes(32).toString('base64')}`;
}

export function digestOf(rawKey: string): string {
  return createHash('sha256').update(rawKey).digest('base64');
}

export function prefixOf(rawKey: string): string {
  return rawKey.slice(0, 7);
}
