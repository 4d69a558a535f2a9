/**
 * Plan addresses, the names by which a change is shown, saved and reported:
 * `admin`, `user.<username>`, `user.<username>.apiKey[<description>]`,
 * `team.<name>`, `team.<name>.member[<username>]`, `environment.<name>.user[<username>]`
 * and the like for teams and environment groups.
 */

export const ADMIN_ADDRESS = 'admin';

export function userAddress(username: string): string {
  return `user.${username}`;
}

/** Where problems with a user's keys as a whole are reported (e.g. the keys could not be read). */
export function apiKeysAddress(username: string): string {
  return `${userAddress(username)}.apiKeys`;
}

/**
 * A key's address. Portainer allows several keys with one description; when
 * the plan deletes such duplicates, each one's id keeps the addresses unique.
 */
export function apiKeyAddress(username: string, description: string, duplicateId?: number): string {
  const base = `${userAddress(username)}.apiKey[${description}]`;
  return duplicateId === undefined ? base : `${base}#${duplicateId}`;
}

export function teamAddress(name: string): string {
  return `team.${name}`;
}

export function membershipAddress(team: string, username: string): string {
  return `${teamAddress(team)}.member[${username}]`;
}

/** `environment.<name>` or `environmentGroup.<name>`: where problems with the whole environment or group are reported. */
export function accessHolderAddress(scope: 'environment' | 'group', name: string): string {
  return `${scope === 'environment' ? 'environment' : 'environmentGroup'}.${name}`;
}

/** `environment.<name>.user[<username>]`, `environmentGroup.<name>.team[<team>]`; an orphan grant by its id, `user[#17]`. */
export function accessGrantAddress(scope: 'environment' | 'group', holder: string, principal: 'user' | 'team', name: string): string {
  return `${accessHolderAddress(scope, holder)}.${principal}[${name}]`;
}
