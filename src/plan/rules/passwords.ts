import { BCRYPT_MAX_BYTES, INITIAL_ADMIN_ID } from '../../limits.js';
import { foldUsername } from '../match.js';
import { problemAt, type PasswordPurpose, type Problem } from '../types/problems.js';
import { INTERNAL_AUTHENTICATION, type Authentication, type Change, type DesiredState, type DesiredUser, type ObservedState, type PlanContext } from '../types/index.js';

/**
 * Passwords are needed at apply time in a few places: to set one (admin
 * init, a user create on an internal Portainer, a reset) and to log in as a
 * user to create its keys, since Portainer lets only the user itself do that.
 * Whatever would fail there fails here, before anything is applied. Problems
 * give lengths, never the password.
 */
export function checkPasswords(changes: readonly Change[], desired: DesiredState, observed: ObservedState, context: PlanContext): Problem[] {
  if (changes.length === 0) return [];
  const authentication = observed.authentication ?? INTERNAL_AUTHENTICATION;
  const byName = new Map(desired.users.map((user) => [foldUsername(user.username), user]));
  const initialAdmin = initialAdminName(changes, observed);
  const problems: Problem[] = [];
  for (const change of changes) {
    const need = passwordNeed(change, authentication);
    if (!need) continue;
    const isInitialAdmin = initialAdmin !== undefined && foldUsername(need.username) === initialAdmin;
    // An OAuth Portainer has no password login but for user Id 1: nobody else's key can be made.
    if (need.purpose === 'key-login' && authentication.method === 'oauth' && !isInitialAdmin) {
      problems.push(problemAt(change.address, { code: 'keys.oauth-no-login', username: need.username }));
      continue;
    }
    const user = byName.get(foldUsername(need.username));
    const directory = need.purpose === 'key-login' && authentication.method === 'ldap' && !isInitialAdmin;
    const problem = user && passwordProblem(user, need.purpose, directory, context);
    if (problem) problems.push(problemAt(change.address, problem));
  }
  return problems;
}

/** Whose password a change needs at apply time, and for what; none for most changes. */
export function passwordNeed(change: Change, authentication: Authentication = INTERNAL_AUTHENTICATION): { username: string; purpose: PasswordPurpose } | undefined {
  if (change.kind === 'admin-init') return { username: change.after.username, purpose: 'admin-init' };
  // A directory's users are created without a password (Portainer refuses one).
  if (change.kind === 'user' && change.action === 'create') return authentication.method === 'internal' ? { username: change.after.username, purpose: 'user-create' } : undefined;
  if (change.kind === 'user-password') return { username: change.username, purpose: 'reset' };
  if (change.kind === 'api-key' && change.action !== 'delete') return { username: change.username, purpose: 'key-login' };
  return undefined;
}

/** The folded name of user Id 1: on the server, or the admin this plan initialises. */
function initialAdminName(changes: readonly Change[], observed: ObservedState): string | undefined {
  const init = changes.find((change) => change.kind === 'admin-init');
  if (init) return foldUsername(init.after.username);
  const first = observed.users.find((user) => user.id === INITIAL_ADMIN_ID);
  return first && foldUsername(first.username);
}

function passwordProblem(user: DesiredUser, purpose: PasswordPurpose, directory: boolean, context: PlanContext) {
  const { password, username } = user;
  const where = directory ? { directory: true as const } : {};
  if (!password.given) return { code: 'password.missing' as const, username, purpose, ...where };
  if (password.problem !== undefined) return { code: 'password.unreadable' as const, username, purpose, secret: password.problem, ...where };
  // Logging in checks neither limit: only a password that is set must meet them.
  if (purpose === 'key-login' || password.length === undefined) return undefined;
  const bytes = password.bytes ?? password.length;
  const lengths = { username, purpose, length: password.length, bytes };
  if (bytes < context.minPasswordLength) return { code: 'password.too-short' as const, ...lengths, minimum: context.minPasswordLength };
  if (bytes > BCRYPT_MAX_BYTES) return { code: 'password.too-long' as const, ...lengths, maximum: BCRYPT_MAX_BYTES };
  return undefined;
}
