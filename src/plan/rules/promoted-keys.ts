import { foldUsername, sameUsername } from '../match.js';
import { isRoleChange } from '../rename-changes.js';
import { problemAt, type Problem } from '../types/problems.js';
import type { Change, DesiredState, DesiredUser, PlanContext } from '../types/index.js';

/**
 * Portainer shows an administrator's keys to that administrator alone, so
 * the tool reads them by logging in as it. A plan that promotes a user whose
 * keys the manifest manages, without a password to log in with, says so now:
 * from the next plan on, that user's keys are held (`keys.unreadable`) until
 * the manifest gives its password. The tool's own identity reads its own keys.
 */
export function checkPromotedKeys(changes: readonly Change[], desired: DesiredState, context: PlanContext): Problem[] {
  const problems: Problem[] = [];
  let byName: Map<string, DesiredUser> | undefined;
  for (const change of changes) {
    if (change.kind !== 'user' || change.action !== 'update' || !isRoleChange(change) || change.after.role !== 'admin') continue;
    if (context.runningAs !== undefined && sameUsername(change.username, context.runningAs)) continue;
    byName ??= new Map(desired.users.map((user) => [foldUsername(user.username), user]));
    const user = byName.get(foldUsername(change.username));
    if (user?.apiKeys === undefined || (user.password.given && user.password.problem === undefined)) continue;
    problems.push(problemAt(change.address, { code: 'keys.promotion-needs-password', username: change.username }));
  }
  return problems;
}
