import { apiKeyAddress } from '../plan/address.js';
import { sameUsername } from '../plan/match.js';
import type { DesiredState } from '../plan/types/index.js';
import { ReplaceAddressError } from './errors.js';

const KEY_ADDRESS = /^user\.(.+?)\.apiKey\[(.*)\]$/s;

/**
 * `--replace ADDRESS` (repeatable), as Terraform's `-replace`: each address
 * must name a key the manifest manages, `user.<username>.apiKey[<description>]`
 * (the username matched as Portainer matches it, the description exactly).
 * Returns them as the plan writes them; throws, naming the first that names
 * no such key, otherwise. Offline: only the manifest is read.
 */
export function keysToReplace(desired: DesiredState, addresses: readonly string[]): string[] {
  const found = addresses.map((address) => {
    const match = KEY_ADDRESS.exec(address);
    if (!match) throw new ReplaceAddressError(`--replace ${JSON.stringify(address)} is not the address of an API key: give one like user.alice.apiKey[deploy]`);
    const [, username = '', description = ''] = match;
    const owner = desired.users.find((user) => sameUsername(user.username, username));
    if (!owner) throw new ReplaceAddressError(`--replace ${address}: the manifest has no user ${username}`);
    if (owner.apiKeys === undefined) throw new ReplaceAddressError(`--replace ${address}: the manifest does not manage ${owner.username}'s API keys (its entry has no apiKeys)`);
    if (!owner.apiKeys.some((key) => key.description === description)) {
      const listed = owner.apiKeys.map((key) => key.description).join(', ') || 'none';
      throw new ReplaceAddressError(`--replace ${address}: ${owner.username} has no API key ${JSON.stringify(description)} in the manifest (its keys: ${listed})`);
    }
    return apiKeyAddress(owner.username, description);
  });
  return [...new Set(found)];
}
