import { ADMIN_ADDRESS } from './address.js';
import { foldUsername } from './match.js';
import type { Change, DesiredState, DesiredUser, PlanContext, PlanError } from './types.js';

/**
 * Passwords are needed at apply time in two places: to create a user (admin
 * init included) and to log in as a user to create its keys, since Portainer
 * lets only the user itself do that. Whatever would fail there fails here,
 * before anything is applied. Messages give lengths, never the password.
 */
export function checkPasswords(changes: readonly Change[], desired: DesiredState, context: PlanContext): PlanError[] {
  if (changes.length === 0) return [];
  const byName = new Map(desired.users.map((user) => [foldUsername(user.username), user]));
  const errors: PlanError[] = [];
  for (const change of changes) {
    const message = passwordProblem(change, byName, context);
    if (message) errors.push({ address: change.address, message });
  }
  return errors;
}

function passwordProblem(change: Change, byName: Map<string, DesiredUser>, context: PlanContext): string | undefined {
  if (change.kind === 'admin-init' || (change.kind === 'user' && change.action === 'create')) {
    const user = byName.get(foldUsername(change.after.username));
    return user && problemForCreate(user, change.address === ADMIN_ADDRESS ? 'initialise the administrator' : 'create the user', context);
  }
  if (change.kind === 'api-key' && (change.action === 'create' || change.action === 'replace')) {
    const user = byName.get(foldUsername(change.username));
    return user && problemForKey(user);
  }
  return undefined;
}

function problemForCreate(user: DesiredUser, purpose: string, context: PlanContext): string | undefined {
  const { password, username } = user;
  if (!password.given) return `the manifest gives no password for ${username}, and Portainer needs one to ${purpose}`;
  if (password.problem !== undefined) return `${username}'s password cannot be read: ${password.problem}`;
  if (password.length !== undefined && password.length < context.minPasswordLength) {
    return `${username}'s password is ${password.length} characters long, and this Portainer requires at least ${context.minPasswordLength}`;
  }
  return undefined;
}

function problemForKey(user: DesiredUser): string | undefined {
  const { password, username } = user;
  const why = `Portainer lets only ${username} create its own API keys, so the tool logs in as ${username}`;
  if (!password.given) return `${why}, and the manifest gives no password for ${username}`;
  if (password.problem !== undefined) return `${why}, but the password cannot be read: ${password.problem}`;
  return undefined;
}
