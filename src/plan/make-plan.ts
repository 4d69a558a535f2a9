import { checkAdminInit } from './rules/admin-init.js';
import { diffAccess } from './kinds/access.js';
import { diffKeys } from './kinds/api-keys.js';
import { diffPasswords } from './kinds/user-passwords.js';
import { diffTeams } from './kinds/teams.js';
import { diffUsers, matchUsers } from './kinds/users.js';
import { checkMassDelete } from './rules/mass-delete.js';
import { checkObservedState } from './rules/observed-checks.js';
import { compareText } from './match.js';
import { orderChanges } from './order.js';
import { checkPasswords } from './rules/passwords.js';
import type { Problem } from './types/problems.js';
import { guardChanges } from './rules/safety.js';
import { checkAdminCount } from './rules/admin-count.js';
import { checkPromotedKeys } from './rules/promoted-keys.js';
import { planRenames, withoutUnresolved } from './kinds/renames.js';
import { checkKeyLoginTeamSync } from './rules/team-sync.js';
import { summarize } from './summary.js';
import { INTERNAL_AUTHENTICATION, type DesiredState, type ObservedState, type Plan, type PlanBody, type PlanContext, type PlanMeta } from './types/index.js';
import { digestChanges } from './canonical.js';

/**
 * The planner's one entry, for plan, apply, drift and accept-drift alike: the
 * public plan object, its keys in the order of design.md: the pure planner's
 * body, where it came from (`meta`), and its digest.
 */
export function makePlan(desired: DesiredState, observed: ObservedState, context: PlanContext, meta: PlanMeta): Plan {
  const body = diff(desired, observed, context);
  return {
    formatVersion: 1,
    target: meta.target,
    manifest: meta.manifest,
    manifestDigest: meta.manifestDigest,
    observedDigest: meta.observedDigest,
    changes: body.changes,
    summary: body.summary,
    problems: body.problems,
    held: body.held,
    applyable: body.applyable,
    changesDigest: digestChanges(body.changes),
    authentication: observed.authentication ?? INTERNAL_AUTHENTICATION,
    ...(meta.manifests ? { manifests: meta.manifests } : {}),
    ...(meta.instanceId !== undefined ? { instanceId: meta.instanceId } : {}),
    ...(meta.replace ? { replace: meta.replace } : {}),
  };
}

/**
 * The pure planner: what must change for the server to match the manifest,
 * in apply order, with the safety rules applied and every problem that would
 * stop apply halfway reported as an error up front. No I/O, no clock.
 */
export function diff(desired: DesiredState, server: ObservedState, context: PlanContext): PlanBody {
  // Renames first: every other differ sees the server as it will be after them, so renamed users and teams keep what they have.
  const renames = planRenames(desired, server);
  const observed = renames.observed;
  const matching = matchUsers(desired, observed);
  const keys = diffKeys(matching.matches, context);
  const teams = diffTeams(desired, observed, renames.previousTeamNames);
  const passwords = diffPasswords(matching.matches, desired, observed);
  const access = diffAccess(desired, observed);
  const users = diffUsers(matching, desired, observed, renames.previousUsernames);
  const proposed = orderChanges(withoutUnresolved([...renames.changes, ...users, ...passwords.changes, ...keys.changes, ...teams.changes, ...access.changes], renames.unresolved));
  const guarded = guardChanges(proposed, server, desired.prune, context);
  const changes = guarded.kept;
  const problems = inReportOrder([
    ...checkObservedState(server, desired),
    ...renames.problems,
    ...teams.problems,
    ...access.problems,
    ...guarded.problems,
    ...checkMassDelete(changes, server, desired.prune.maxDeletes, context),
    ...checkAdminInit(desired, server, changes, context),
    ...keys.problems,
    ...passwords.problems,
    ...checkPasswords(changes, desired, observed, context),
    ...checkAdminCount(changes, server, desired.minAdmins),
    ...checkPromotedKeys(changes, desired, context),
    ...checkKeyLoginTeamSync(changes, desired, observed),
  ]);
  return {
    changes,
    summary: summarize(changes),
    problems,
    held: guarded.held,
    applyable: !problems.some((problem) => problem.severity === 'error'),
  };
}

/**
 * Errors first, by address (stable, so errors at one address keep the order
 * in which they were found), then warnings in the order the rules ran.
 */
function inReportOrder(problems: Problem[]): Problem[] {
  const errors = problems.filter((problem) => problem.severity === 'error').sort((a, b) => compareText(a.address, b.address));
  return [...errors, ...problems.filter((problem) => problem.severity === 'warning')];
}
