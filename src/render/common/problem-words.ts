import type { HeldFacts, Problem } from '../../plan/types/problems.js';
import type { KeysUnreadable } from '../../plan/types/index.js';
import type { MaxDeletes } from '../../plan/types/index.js';
import { assertNever } from '../../plan/types/index.js';
import { describeSecretProblem } from '../../secret-problem.js';
import { isoDate } from './dates.js';
import { plural } from './plural.js';

/**
 * The one place where a plan problem becomes a sentence. Everything else
 * (drift, exit codes, tests) reads the problem's `code` and facts.
 */
export function describeProblem(problem: Problem): string {
  switch (problem.code) {
    case 'held.initial-admin':
    case 'held.running-identity':
    case 'held.protected':
    case 'held.team-sync':
      return `${keptBack(problem)}: ${whyHeld(problem)}`;
    case 'mass-delete.exceeded':
    case 'mass-delete.allowed': {
      const excess = `the plan deletes ${describeDeletes(problem.deletes, problem.observedUsers, problem.limit)}, more than prune.maxDeletes allows (${describeLimit(problem.limit, problem.byDefault)})`;
      return problem.code === 'mass-delete.allowed'
        ? `${excess}; planned anyway because of --allow-mass-delete`
        : `${excess}; check the manifest, then give --allow-mass-delete to apply it`;
    }
    case 'password.missing':
      return problem.purpose === 'key-login'
        ? `${keyLogin(problem.username, problem.directory)}, and the manifest gives no password for ${problem.username}`
        : `the manifest gives no password for ${problem.username}, and Portainer needs one to ${PURPOSES[problem.purpose]}`;
    case 'password.unreadable':
      return problem.purpose === 'key-login'
        ? `${keyLogin(problem.username, problem.directory)}, but the password cannot be read: ${describeSecretProblem(problem.secret)}`
        : `${problem.username}'s password cannot be read: ${describeSecretProblem(problem.secret)}`;
    case 'password.too-short':
      return `${problem.username}'s password is ${lengthOf(problem)} long, and this Portainer requires at least ${problem.minimum}`;
    case 'password.too-long':
      return `${problem.username}'s password is ${lengthOf(problem)} long, more than the ${problem.maximum} bytes bcrypt takes, so Portainer would answer 500 (Unable to hash user password); give a shorter one`;
    case 'keys.oauth-no-login':
      return `an OAuth Portainer lets nobody but user Id 1 log in with a password, and only ${problem.username} may create its own keys, so no tool can create them; remove the key from the manifest, or let ${problem.username} create it in Portainer`;
    case 'keys.login-syncs-teams':
      return `creating ${problem.username}'s API keys logs in as ${problem.username}, and this Portainer's LDAP group sync then adds ${problem.username} to every team named like one of its directory groups; a team this manifest keeps without ${problem.username} will show that membership held back (held.team-sync) and drift will report it: list ${problem.username} in those teams, or change its directory groups`;
    case 'passwords.not-verified':
      return `passwords.verify checked ${problem.checked} ${problem.checked === 1 ? "user's password" : "users' passwords"} but not ${problem.count === 1 ? "this user's" : `these ${problem.count} users'`}, whose manifest password cannot be read now (an unset variable, a missing file): ${namesList(problem.usernames)}; set them to check them`;
    case 'passwords.verify-unsupported':
      return `passwords.verify is on, but this Portainer authenticates with ${problem.method === 'ldap' ? 'LDAP' : 'OAuth'} and holds no passwords to check; none is checked or reset`;
    case 'keys.unreadable':
      return `${describeKeysUnreadable(problem.username, problem.why)}; its API keys are left as they are (the rest of the plan goes ahead)`;
    case 'keys.not-read':
      return `the API keys of ${problem.username} were not read from the server, so the plan cannot tell which to create or delete`;
    case 'admin.no-admin-block':
      return 'the server has no administrator and the manifest has no admin block; add one so the tool can initialise it';
    case 'admin.setup-token-required':
      return 'the server requires a setup token to initialise its administrator; give --setup-token or PORTAINER_SETUP_TOKEN (Portainer prints the token in its log at startup)';
    case 'admin.none-left':
      return 'the plan would leave Portainer without an administrator; keep at least one user with role admin in the manifest';
    case 'team.member-unknown':
      return `${problem.username} is neither in the manifest's users nor on the server; add it to users, or remove it from the team`;
    case 'team.member-would-be-pruned':
      return `${problem.username} is not in the manifest's users, so prune.users would delete it from the server; add it to users, or remove it from the team`;
    case 'team.member-server-only':
      return `${problem.username} is not in the manifest's users; it exists on the server and prune.users is off, so its membership is managed here`;
    case 'observed.duplicate-id':
      return `the server lists two ${THINGS[problem.what]} with Id ${problem.id} (${quotedPair(problem.names)}); a plan made from that could write to the wrong one, so nothing is applied until it is resolved in Portainer`;
    case 'observed.duplicate-name':
      return `the server lists two ${THINGS[problem.what]} whose names Portainer compares as one (${quotedPair(problem.names)}); a plan made from that could write to the wrong one, so nothing is applied until one is renamed in Portainer`;
    case 'access.environment-unknown':
      return `the server has no environment named ${JSON.stringify(problem.name)} (names are compared exactly); check the name in Portainer`;
    case 'access.group-unknown':
      return `the server has no environment group named ${JSON.stringify(problem.name)} (names are compared exactly); check the name in Portainer`;
    case 'access.group-ambiguous':
      return `${problem.ids.length} environment groups are named ${JSON.stringify(problem.name)} (Ids ${problem.ids.join(', ')}), so the manifest cannot say which; rename all but one in Portainer`;
    case 'access.principal-unknown':
      return `${problem.principal} ${problem.name} is neither in the manifest's ${problem.principal}s nor on the server; add it, or remove the grant on ${JSON.stringify(problem.resource)}`;
    case 'access.principal-would-be-pruned':
      return `${problem.principal} ${problem.name} is not in the manifest's ${problem.principal}s, so prune.${problem.principal}s would delete it from the server; add it, or remove the grant on ${JSON.stringify(problem.resource)}`;
    case 'access.role-unknown':
      return `this Portainer has no role ${JSON.stringify(problem.role)}; give environment-admin, operator, helpdesk, standard or read-only, or one of its roles by name (${problem.roles.map((name) => JSON.stringify(name)).join(', ')})${roleIdHint(problem.role)}`;
    case 'access.role-gives-nothing':
      return `RoleId ${problem.roleId} is no role this Portainer lists, so the grant gives no access (Portainer's resolver ignores it); it is kept as written`;
    case 'access.role-ignored':
      return `Community Edition has no environment roles, so role ${JSON.stringify(problem.role)} is not applied: the grant gives access (RoleId 3, as its UI writes)`;
    case 'access.orphan':
      return `a grant on ${JSON.stringify(problem.resource)} names ${problem.principal} Id ${problem.id}, which is no ${problem.principal} any more (Portainer 2.0-2.23 leave such grants behind); prune.access is off, so it stays`;
    case 'access.after-admin-init':
      return 'the server has no administrator yet, so its environments cannot be read; access to them is planned once the administrator exists: run plan again after this apply';
    default:
      return describeThirdRoundProblem(problem);
  }
}

/** The problems of people over time: renames, the floor of administrators, keys over time. */
function describeThirdRoundProblem(problem: Extract<Problem, { code: `rename.${string}` | `admins.${string}` | 'keys.promotion-needs-password' | 'keys.overlapping' }>): string {
  switch (problem.code) {
    case 'rename.name-taken':
      return `the server has a ${problem.what} named ${JSON.stringify(problem.name)} and one named ${JSON.stringify(problem.previous)}, which previously names; ${problem.what === 'user' ? 'Portainer refuses a rename to a name another user has' : 'Portainer would rename the team anyway, leaving two teams of one name'}: delete or rename one of them in Portainer, or remove ${JSON.stringify(problem.previous)} from previously`;
    case 'rename.previous-listed':
      return `${JSON.stringify(problem.previous)} is on previously of ${problem.what} ${JSON.stringify(problem.name)} and is also a ${problem.what} of its own in the manifest; a name is either an earlier name or an entry, not both`;
    case 'rename.previous-claimed':
      return `${JSON.stringify(problem.previous)} is on previously of both ${quotedPair(problem.names)}; an earlier name can be one ${problem.what}'s only`;
    case 'rename.ambiguous':
      return `the server has ${problem.what}s named ${problem.previous.map((name) => JSON.stringify(name)).join(' and ')}, all on previously of ${JSON.stringify(problem.name)}, so nothing says which to rename; delete or rename the others in Portainer, or keep one name on previously`;
    case 'rename.directory-login':
      return `${JSON.stringify(problem.previous)} will be renamed ${JSON.stringify(problem.username)} on a Portainer that authenticates with ${problem.method === 'ldap' ? 'LDAP' : 'OAuth'}, where a login looks the user up by name: the directory's login must be ${JSON.stringify(problem.username)} too, or the next login finds nobody (or creates a new user)`;
    case 'rename.team-sync':
      return `team ${JSON.stringify(problem.previous)} will be renamed ${JSON.stringify(problem.team)} while LDAP group sync adds users to the teams named like their directory groups: rename the directory group too, or the sync no longer fills this team`;
    case 'admins.below-minimum':
      return `the plan would leave ${admins(problem.after)} (the server has ${problem.before}), fewer than safety.minAdmins (${problem.minimum}); keep more users with role admin in the manifest, or lower safety.minAdmins`;
    case 'admins.already-below-minimum':
      return `the server has ${admins(problem.before)} and would have ${problem.after} after this plan, fewer than safety.minAdmins (${problem.minimum}); the plan does not lower it, so it goes ahead: promote more users to reach the minimum`;
    case 'keys.promotion-needs-password':
      return `${problem.username} becomes an administrator, and Portainer lets only an administrator read its own API keys: from the next plan on, its keys are read by logging in as ${problem.username}, so give its password in the manifest, or they are left as they are (keys.unreadable)`;
    case 'keys.overlapping':
      return `kept until ${isoDate(problem.until)}, ${problem.overlap} (overlap) after its successor was created; the first plan after that deletes it`;
    default:
      return assertNever(problem);
  }
}

const THINGS = { user: 'users', 'api-key': 'API keys', team: 'teams', membership: 'team memberships', environment: 'environments', 'environment-group': 'environment groups' } as const;

function admins(count: number): string {
  return plural(count, 'administrator', 'administrators');
}

function quotedPair([a, b]: [string, string]): string {
  return `${JSON.stringify(a)} and ${JSON.stringify(b)}`;
}

/** `Id 0`, as earlier exports wrote a RoleId that is no role: the manifest says it `{ id: 0 }`. */
function roleIdHint(role: string): string {
  const id = /^Id (\d+)$/.exec(role.trim())?.[1];
  return id === undefined ? '' : `; a RoleId that is no role is written role: { id: ${id} }`;
}

/** `alice, bob and carol`, or the first ten and how many more: a warning about 35 users stays one readable line. */
function namesList(names: readonly string[]): string {
  const shown = names.slice(0, 10);
  const more = names.length - shown.length;
  if (more > 0) return `${shown.join(', ')} and ${more} more`;
  return shown.length <= 1 ? (shown[0] ?? '') : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

/** Format 1's warning strings: `address: sentence`. */
export function warningLine(problem: Problem): string {
  return `${problem.address}: ${describeProblem(problem)}`;
}

/** Why a held change is held, without what it would have done: `user bob matches prune.protect pattern "b*"`. */
export function whyHeld(held: HeldFacts): string {
  switch (held.code) {
    case 'held.initial-admin':
      return `it is Portainer's initial administrator (Id ${held.userId}), which is never deleted or demoted`;
    case 'held.running-identity':
      return 'it is the identity this tool runs as, which is never deleted or demoted';
    case 'held.protected':
      return `user ${held.username} matches prune.protect pattern "${held.pattern}"`;
    case 'held.team-sync':
      return `LDAP group sync (TeamSync) put ${held.username} in this team at a login (the tool's own login to create its API keys counts) and would put it back at the next one; list ${held.username} in the team, or change its directory groups`;
    default:
      return assertNever(held);
  }
}

function keptBack(held: HeldFacts): string {
  if (held.role) return `role not changed from "${held.role.from}" to "${held.role.to}"`;
  const verbs = { create: 'not created', update: 'not changed', replace: 'not replaced', delete: 'not deleted' } as const;
  return verbs[held.action];
}

function keyLogin(username: string, directory?: true): string {
  return `Portainer lets only ${username} create its own API keys, so the tool logs in as ${username}${directory ? ' with its LDAP password' : ''}`;
}

const PURPOSES = { 'admin-init': 'initialise the administrator', 'user-create': 'create the user', 'key-login': 'log in as the user', reset: 'reset its password' } as const;

/** `8 characters`, or `74 bytes (37 characters)` where they differ: Portainer counts bytes. */
function lengthOf(problem: { length: number; bytes: number }): string {
  return problem.bytes === problem.length ? `${problem.length} characters` : `${problem.bytes} bytes (${problem.length} characters)`;
}

export function describeKeysUnreadable(username: string, why: KeysUnreadable): string {
  const otherAdmin = `Portainer does not let one admin read another admin's API keys, so the tool logs in as ${username}`;
  switch (why.cause) {
    case 'no-password':
      return `${otherAdmin}, and the manifest gives no password for ${username}`;
    case 'password-unreadable':
      return `${otherAdmin}, but its password cannot be read: ${describeSecretProblem(why.secret)}`;
    case 'login-refused':
      return `Portainer lets only ${username} read its own keys, and logging in as ${username} with the manifest's password failed (Invalid credentials)`;
    case 'other-admin':
      return `Portainer lets only ${username} list its own keys (an admin cannot list another admin's), and export logs in as nobody else`;
    case 'oauth':
      return `Portainer lets only ${username} read its own keys, and an OAuth Portainer lets nobody but user Id 1 log in with a password`;
    default:
      return assertNever(why);
  }
}

function describeDeletes(deletes: number, observedUsers: number, limit: MaxDeletes): string {
  const users = `${deletes} ${deletes === 1 ? 'user' : 'users'}`;
  if ('count' in limit) return users;
  const share = Math.round((deletes * 1000) / Math.max(observedUsers, 1)) / 10;
  return `${users} of ${observedUsers} (${share}%)`;
}

function describeLimit(limit: MaxDeletes, byDefault: boolean): string {
  const value = 'count' in limit ? String(limit.count) : `${limit.percent}%`;
  if (!byDefault) return value;
  const size = 'aboveUsers' in limit && limit.aboveUsers !== undefined ? ` on a server of more than ${limit.aboveUsers} users` : '';
  return `${value}${size}, the default when the manifest sets none`;
}
