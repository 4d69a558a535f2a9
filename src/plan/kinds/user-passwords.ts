import { userAddress } from '../address.js';
import { compareText } from '../match.js';
import type { UserMatch } from './users.js';
import { problemAt, type Problem } from '../types/problems.js';
import { INTERNAL_AUTHENTICATION, type Change, type DesiredState, type ObservedState } from '../types/index.js';

export interface PasswordDiff {
  changes: Change[];
  problems: Problem[];
}

/**
 * With `passwords.verify`, a reset of every user whose manifest password
 * Portainer refused at a login (observed as `passwordAccepted: false`).
 * Only an internal Portainer holds the passwords it checks: under LDAP or
 * OAuth the check is not made, and the plan says so.
 */
export function diffPasswords(matches: readonly UserMatch[], desired: DesiredState, observed: ObservedState): PasswordDiff {
  if (!desired.verifyPasswords || !observed.adminExists) return { changes: [], problems: [] };
  const { method } = observed.authentication ?? INTERNAL_AUTHENTICATION;
  if (method !== 'internal') return { changes: [], problems: [problemAt('passwords.verify', { code: 'passwords.verify-unsupported', method })] };
  const changes: Change[] = [];
  const unchecked: string[] = [];
  let checked = 0;
  for (const { desired: user, observed: current } of matches) {
    if (current && user.password.given) {
      // A password the manifest gives but that could not be read (an unset variable, a missing file) was not tried: said, never skipped silently.
      if (current.passwordAccepted === undefined) unchecked.push(user.username);
      else checked += 1;
    }
    if (current?.passwordAccepted !== false) continue;
    changes.push({
      address: `${userAddress(user.username)}.password`,
      kind: 'user-password',
      action: 'update',
      userId: current.id,
      username: user.username,
      before: { password: 'refused' },
      after: { password: 'manifest' },
      fields: ['password'],
    });
  }
  const problems =
    unchecked.length === 0 ? [] : [problemAt('passwords.verify', { code: 'passwords.not-verified', usernames: [...unchecked].sort(compareText), count: unchecked.length, checked })];
  return { changes, problems };
}
