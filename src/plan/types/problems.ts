import type { SecretProblem } from '../../secret-problem.js';
import type { ManifestPath, ManifestPosition, Principal } from './access.js';
import type { Action, Change } from './changes.js';
import type { KeysUnreadable, MaxDeletes, Role, TeamRole } from './state.js';

/**
 * What the planner found wrong or worth saying, as data: a stable `code` per
 * rule, the address it concerns, and the facts a sentence needs. The planner
 * writes no sentence; `render/problem-words.ts` writes each one, once, from
 * the code. Errors stop apply; warnings do not.
 */
export type Problem = ProblemBase & ProblemFacts;

export type ProblemSeverity = 'error' | 'warning';

interface ProblemBase {
  severity: ProblemSeverity;
  address: string;
}

export type ProblemFacts =
  | HeldFacts
  | { code: 'mass-delete.exceeded' | 'mass-delete.allowed'; deletes: number; observedUsers: number; limit: MaxDeletes; byDefault: boolean }
  | ({ code: 'password.missing'; username: string; purpose: PasswordPurpose } & DirectoryFact)
  | ({ code: 'password.unreadable'; username: string; purpose: PasswordPurpose; secret: SecretProblem } & DirectoryFact)
  | { code: 'password.too-short'; username: string; purpose: PasswordPurpose; length: number; bytes: number; minimum: number }
  | { code: 'password.too-long'; username: string; purpose: PasswordPurpose; length: number; bytes: number; maximum: number }
  | { code: 'keys.oauth-no-login'; username: string }
  | { code: 'keys.login-syncs-teams'; username: string }
  | { code: 'passwords.verify-unsupported'; method: 'ldap' | 'oauth' }
  | { code: 'passwords.not-verified'; usernames: string[]; count: number; checked: number }
  | { code: 'keys.unreadable'; username: string; why: KeysUnreadable }
  | { code: 'keys.not-read'; username: string }
  | { code: 'admin.no-admin-block' }
  | { code: 'admin.setup-token-required' }
  | { code: 'admin.none-left' }
  | { code: 'team.member-unknown' | 'team.member-would-be-pruned' | 'team.member-server-only'; team: string; username: string }
  | { code: 'observed.duplicate-id'; what: ObservedThing; id: number; names: [string, string] }
  | { code: 'observed.duplicate-name'; what: 'user' | 'team'; names: [string, string] }
  | ({ code: 'access.environment-unknown' | 'access.group-unknown'; name: string } & Positioned)
  | ({ code: 'access.group-ambiguous'; name: string; ids: number[] } & Positioned)
  | ({ code: 'access.principal-unknown' | 'access.principal-would-be-pruned'; principal: Principal; name: string; resource: string } & Positioned)
  | ({ code: 'access.role-unknown'; role: string; roles: string[] } & Positioned)
  | ({ code: 'access.role-ignored'; role: string } & Positioned)
  | ({ code: 'access.role-gives-nothing'; roleId: number } & Positioned)
  | { code: 'access.orphan'; principal: Principal; id: number; resource: string }
  | { code: 'access.after-admin-init' }
  | ({ code: 'rename.name-taken' | 'rename.previous-listed'; what: Renamed; name: string; previous: string } & Positioned)
  | ({ code: 'rename.previous-claimed'; what: Renamed; previous: string; names: [string, string] } & Positioned)
  | ({ code: 'rename.ambiguous'; what: Renamed; name: string; previous: string[] } & Positioned)
  | { code: 'rename.directory-login'; username: string; previous: string; method: 'ldap' | 'oauth' }
  | { code: 'rename.team-sync'; team: string; previous: string }
  | ({ code: 'admins.below-minimum' | 'admins.already-below-minimum'; minimum: number; before: number; after: number } & Positioned)
  | { code: 'keys.promotion-needs-password'; username: string }
  | { code: 'keys.overlapping'; username: string; description: string; keyId: number; until: number; overlap: string };

/** What a rename is of: a user (`PUT /users/{id}`) or a team (`PUT /teams/{id}`). */
export type Renamed = 'user' | 'team';

/**
 * Where in the manifest the entry is, for a problem only the server could
 * reveal: the planner gives the path, the session adds its line and column
 * (the YAML is parsed for positions only when a problem needs one).
 */
type Positioned = { path?: ManifestPath; position?: ManifestPosition };

/** What the server listed twice. */
export type ObservedThing = 'user' | 'api-key' | 'team' | 'membership' | 'environment' | 'environment-group';

export type ProblemCode = ProblemFacts['code'];

/** What a password is needed for at apply time; each is a request that would fail without it. */
export type PasswordPurpose = 'admin-init' | 'user-create' | 'key-login' | 'reset';

/** Under LDAP the password a key login needs is the user's directory password, not a local one. */
type DirectoryFact = { directory?: true };

/**
 * A change the planner keeps back for safety, said as the change it would
 * have been: the user it concerns, what would have happened to it, and why not.
 */
export type HeldFacts = {
  username: string;
  kind: Change['kind'];
  action: Action;
  /** For a role change kept back: from what to what (a user's or a team member's role). */
  role?: { from: Role | TeamRole; to: Role | TeamRole };
} & (
  | { code: 'held.initial-admin'; userId: number }
  | { code: 'held.running-identity' }
  | { code: 'held.protected'; pattern: string }
  | { code: 'held.team-sync' }
);

export type HeldCode = HeldFacts['code'];

export function isHeld(problem: Problem): problem is Problem & HeldFacts {
  return problem.code.startsWith('held.');
}

/** The severity each rule always has: a code says it all. */
export const SEVERITY: Record<ProblemCode, ProblemSeverity> = {
  'held.initial-admin': 'warning',
  'held.running-identity': 'warning',
  'held.protected': 'warning',
  'held.team-sync': 'warning',
  'mass-delete.exceeded': 'error',
  'mass-delete.allowed': 'warning',
  'password.missing': 'error',
  'password.unreadable': 'error',
  'password.too-short': 'error',
  'password.too-long': 'error',
  'keys.oauth-no-login': 'error',
  'keys.login-syncs-teams': 'warning',
  'passwords.verify-unsupported': 'warning',
  'passwords.not-verified': 'warning',
  // Held, not an error: the rest of the plan goes ahead, and that user's keys are left as they are.
  'keys.unreadable': 'warning',
  'keys.not-read': 'error',
  'admin.no-admin-block': 'error',
  'admin.setup-token-required': 'error',
  'admin.none-left': 'error',
  'team.member-unknown': 'error',
  'team.member-would-be-pruned': 'error',
  'team.member-server-only': 'warning',
  'observed.duplicate-id': 'error',
  'observed.duplicate-name': 'error',
  'access.environment-unknown': 'error',
  'access.group-unknown': 'error',
  'access.group-ambiguous': 'error',
  'access.principal-unknown': 'error',
  'access.principal-would-be-pruned': 'error',
  'access.role-unknown': 'error',
  'access.role-ignored': 'warning',
  'access.role-gives-nothing': 'warning',
  'access.orphan': 'warning',
  'access.after-admin-init': 'warning',
  'rename.name-taken': 'error',
  'rename.previous-listed': 'error',
  'rename.previous-claimed': 'error',
  'rename.ambiguous': 'error',
  'rename.directory-login': 'warning',
  'rename.team-sync': 'warning',
  'admins.below-minimum': 'error',
  'admins.already-below-minimum': 'warning',
  'keys.promotion-needs-password': 'warning',
  'keys.overlapping': 'warning',
};

/** A problem of the severity its code has, at an address. */
export function problemAt<Facts extends ProblemFacts>(address: string, facts: Facts): ProblemBase & Facts {
  return { severity: SEVERITY[facts.code], address, ...facts };
}
