import { passwordEnvNames } from '../../manifest/env-names.js';
import { firstMatchingGlob } from '../../plan/glob.js';
import { foldUsername } from '../../plan/match.js';
import type { Change, DesiredState, DesiredUser, ObservedState, Plan } from '../../plan/types/index.js';
import type { NotPatchedCode } from '../types.js';

/** What the edits are made from: the plan a drift check made, and its two sides. */
export interface DriftFacts {
  plan: Pick<Plan, 'changes' | 'problems'>;
  desired: DesiredState;
  observed: ObservedState;
  /** Environment variables the manifest already names: a new user's password variable is none of them. */
  takenEnvNames: readonly string[];
}

/**
 * Decisions that span changes, made once before any edit: which manifest
 * users and teams the patch removes (their keys and memberships go with
 * them), which missing users it must keep, and which server users it adds.
 */
export interface EditContext {
  desired: DesiredState;
  observed: ObservedState;
  /** Folded names of manifest users missing on the server that the patch removes. */
  removedUsers: ReadonlySet<string>;
  /** Folded names of manifest users missing on the server that it keeps, and why. */
  keptMissing: ReadonlyMap<string, NotPatchedCode>;
  /** Folded names of manifest teams missing on the server that it removes. */
  removedTeams: ReadonlySet<string>;
  /** Server users it adds to the manifest, by folded name: the variable their password entry names. */
  addedUsers: ReadonlyMap<string, string>;
  /** The manifest's user of a name, matched as Portainer matches names. */
  desiredUser(username: string): DesiredUser | undefined;
  /** Whether the server has a user of that name. */
  onServer(username: string): boolean;
}

export function editContext(facts: DriftFacts): EditContext {
  const desiredByName = new Map<string, DesiredUser>();
  for (const user of facts.desired.users) if (!desiredByName.has(foldUsername(user.username))) desiredByName.set(foldUsername(user.username), user);
  const serverNames = new Set(facts.observed.users.map((user) => foldUsername(user.username)));
  const desiredUser = (username: string) => desiredByName.get(foldUsername(username));
  const removedUsers = new Set<string>();
  const keptMissing = new Map<string, NotPatchedCode>();
  const removedTeams = new Set<string>();
  const added: string[] = [];
  for (const change of facts.plan.changes) {
    if (change.kind === 'user' && change.action === 'create') {
      const reason = whyKept(desiredUser(change.after.username), facts.desired);
      if (reason) keptMissing.set(foldUsername(change.after.username), reason);
      else removedUsers.add(foldUsername(change.after.username));
    }
    if (change.kind === 'team' && change.action === 'create') removedTeams.add(foldUsername(change.after.name));
    if (isAddableUser(change)) added.push(change.before.username);
  }
  const envNames = passwordEnvNames(added, undefined, facts.takenEnvNames);
  const addedUsers = new Map(added.map((username) => [foldUsername(username), envNames.get(username) ?? 'PASSWORD']));
  const onServer = (username: string) => serverNames.has(foldUsername(username));
  return { desired: facts.desired, observed: facts.observed, removedUsers, keptMissing, removedTeams, addedUsers, desiredUser, onServer };
}

/** A manifest user missing on the server that no patch removes: the admin block, a protected user. */
function whyKept(user: DesiredUser | undefined, desired: DesiredState): NotPatchedCode | undefined {
  if (user?.bootstrapAdmin) return 'admin-block';
  if (user && firstMatchingGlob(user.username, desired.prune.protect) !== undefined) return 'protected';
  return undefined;
}

function isAddableUser(change: Change): change is Extract<Change, { kind: 'user'; action: 'delete' }> {
  return change.kind === 'user' && change.action === 'delete' && isManifestUsername(change.before.username);
}

/** The manifest's rule for usernames: not empty, no whitespace. */
export function isManifestUsername(username: string): boolean {
  return /^\S+$/.test(username);
}

/**
 * Whether a team in the patched manifest may name this user: a manifest user
 * after the patch, or a server user that prune leaves alone. A server user
 * that prune.users would delete but a safety rule keeps cannot be named (the
 * plan would say the member would be pruned).
 */
export function canName(context: EditContext, username: string): boolean {
  const folded = foldUsername(username);
  if (context.addedUsers.has(folded)) return true;
  if (context.removedUsers.has(folded)) return false;
  if (context.desiredUser(username)) return true;
  return !context.desired.prune.users && isManifestUsername(username) && context.onServer(username);
}
