import { foldUsername } from './match.js';
import { problemAt, type PasswordPurpose, type Problem } from './problems.js';
import type { Change, DesiredState, DesiredUser, PlanContext } from './types.js';

/**
 * Passwords are needed at apply time in two places: to create a user (admin
 * init included) and to log in as a user to create its keys, since Portainer
 * lets only the user itself do that. Whatever would fail there fails here,
 * before anything is applied. Problems give lengths, never the password.
 */
export function checkPasswords(changes: readonly Change[], desired: DesiredState, context: PlanContext): Problem[] {
  if (changes.length === 0) return [];
  const byName = new Map(desired.users.map((user) => [foldUsername(user.username), user]));
  const problems: Problem[] = [];
  for (const change of changes) {
    const need = passwordNeed(change);
    const user = need && byName.get(foldUsername(need.username));
    const problem = need && user && passwordProblem(user, need.purpose, context);
    if (problem) problems.push(problemAt(change.address, problem));
  }
  return problems;
}

/** Whose password a change needs at apply time, and for what; none for most changes. */
export function passwordNeed(change: Change): { username: string; purpose: PasswordPurpose } | undefined {
  if (change.kind === 'admin-init') return { username: change.after.username, purpose: 'admin-init' };
  if (change.kind === 'user' && change.action === 'create') return { username: change.after.username, purpose: 'user-create' };
  if (change.kind === 'api-key' && change.action !== 'delete') return { username: change.username, purpose: 'key-login' };
  return undefined;
}

function passwordProblem(user: DesiredUser, purpose: PasswordPurpose, context: PlanContext) {
  const { password, username } = user;
  if (!password.given) return { code: 'password.missing' as const, username, purpose };
  if (password.problem !== undefined) return { code: 'password.unreadable' as const, username, purpose, secret: password.problem };
  // Logging in checks no minimum: only a password that is set must meet it.
  if (purpose !== 'key-login' && password.length !== undefined && password.length < context.minPasswordLength) {
    return { code: 'password.too-short' as const, username, purpose, length: password.length, minimum: context.minPasswordLength };
  }
  return undefined;
}
