/** The emulator's public contract (re-exported by index.ts); others code against these shapes. */

export interface EmulatorOptions {
  port?: number; // default 9000; 0 = a free port (tests use 0)
  host?: string; // default '127.0.0.1'
  seed?: EmulatorSeed;
  minPasswordLength?: number; // default 12
  initTimeoutMs?: number; // default 300_000
  setupToken?: string; // when set: RequiresSetupToken true, admin init needs X-Setup-Token
  latencyMs?: number; // default 0: added before each response
  rateLimit?: { burst: number; perSecond: number; banMs: number }; // default 10, 1, 3_600_000
  apiKeyCreateStatus?: 200 | 201; // default 200
  onRequest?: (request: RecordedRequest, ms: number) => void; // after each answer (or dropped connection), e.g. for a log line
  authentication?: 'internal' | 'ldap' | 'oauth'; // default internal (AuthenticationMethod 1, 2, 3)
  teamSync?: boolean; // LDAP group sync: a login adds the user to the teams named like its directory groups
  edition?: 'ce' | 'be'; // default ce: GET /roles is [] (Community Edition); be: 2.45's six built-in roles
  trustedProxies?: string[]; // addresses or CIDR ranges; from these peers the rate limiter buckets by X-Forwarded-For (default none, as 2.45)
  trustedOrigins?: string[]; // Portainer's --trusted-origins: `scheme://host[:port]` allowed to write across sites
  csp?: boolean; // default true (Portainer's --csp): the Content-Security-Policy header on bouncer routes
  instanceId?: string; // InstanceID of GET /api/system/status and /api/status; default: the seed's, else a random UUID (as a new database gets)
}

export interface SeedUser {
  username: string;
  password?: string; // none: no local password, like a directory user of an LDAP or OAuth Portainer (cannot log in locally)
  role?: 'admin' | 'standard'; // default standard
  apiKeys?: { description: string; key?: string; dateCreated?: number /* unix s */; lastUsed?: number /* unix s; 0 = never (default) */ }[];
}

export interface SeedTeam {
  name: string; // kept as written; unique ignoring case
  leaders?: string[]; // usernames of seeded users (case-insensitive)
  members?: string[]; // likewise; a user is a leader or a member of a team, not both
}

export interface EmulatorSeed {
  instanceId?: string; // the InstanceID the status routes report (a restored backup keeps its database's)
  users?: SeedUser[]; // first user gets Id 1; no users = fresh server
  teams?: SeedTeam[]; // created after the users, in order: first team Id 1, then its leaders' and members' memberships
  directory?: SeedDirectoryEntry[]; // an LDAP Portainer's directory: who may log in with which password, in which groups
  environmentGroups?: SeedAccessHolder[]; // created after the teams, in order (group 1 "Unassigned" always exists first)
  environments?: SeedEnvironment[]; // created after the groups, in order: first environment Id 1
}

export interface SeedGrant {
  name: string; // a seeded user's username or team's name (case-insensitive)
  roleId?: number; // default 0 (Community Edition ignores it)
}

export interface SeedAccessHolder {
  name: string; // group names need not be unique; environment names must be
  users?: SeedGrant[];
  teams?: SeedGrant[];
}

export interface SeedEnvironment extends SeedAccessHolder {
  group?: string; // the first group of that name; default Unassigned
}

export type AccessTarget = { environment: string } | { group: string }; // an environment by its exact name, a group by the first of that name
export type Principal = { user: string } | { team: string } | ({ id: number } & ({ kind: 'user' } | { kind: 'team' }));

export interface EmulatorAccessView {
  kind: 'environment' | 'group';
  id: number;
  name: string;
  // In map order; `name` is '' for a grant whose id matches no user or team (an orphan).
  users: { id: number; name: string; roleId: number }[];
  teams: { id: number; name: string; roleId: number }[];
}

export interface SeedDirectoryEntry {
  username: string;
  password: string;
  groups?: string[];
}

export interface RecordedRequest {
  method: string;
  path: string; // path with the /api prefix, without query string
  status: number; // 0 when the connection was dropped
  auth: 'jwt' | 'api-key' | 'none';
}

export type Fault = {
  method: string;
  path: string | RegExp; // string: exact, where a `*` segment matches any one segment
  times?: number; // default 1; Infinity = always
  probability?: number; // 0..1, default 1
} & ({ status: number; message?: string } | { drop: 'connection' } | { drop: 'response' } | { delayMs: number });
//  drop 'connection': destroy the socket before handling (no change happens)
//  drop 'response':   run the handler (the change happens), then destroy the socket unanswered
//  delayMs:           wait this long, then answer as usual (a slow call among quick ones)

export interface EmulatorUserView {
  id: number;
  username: string;
  role: 'admin' | 'standard';
  apiKeys: { id: number; description: string; dateCreated: number }[];
}

export interface EmulatorTeamView {
  id: number;
  name: string;
  // In membership order. `username` is '' for a membership whose user id matches no user
  // (Portainer's POST /team_memberships does not check the ids it is given).
  members: { userId: number; username: string; role: 'leader' | 'member' }[];
}

export interface Emulator {
  readonly url: string; // 'http://127.0.0.1:PORT' (no /api)
  readonly port: number;
  readonly requests: RecordedRequest[];
  clearRequests(): void;
  setLatency(ms: number): void;
  injectFault(fault: Fault): void;
  clearFaults(): void;
  // Changes behind the tool's back (no HTTP, no rate limit), for drift tests:
  addUser(user: SeedUser): number; // returns the new Id
  setRole(username: string, role: 'admin' | 'standard'): void;
  removeUser(username: string): void;
  addApiKey(username: string, key: { description: string; dateCreated?: number; lastUsed?: number }): string; // raw key
  findUser(username: string): EmulatorUserView | undefined; // case-insensitive
  listUsers(): EmulatorUserView[];
  addTeam(name: string): number; // returns the new Id; throws if the name is taken (ignoring case)
  removeTeam(name: string): void; // with its memberships
  addMembership(team: string, username: string, role: 'leader' | 'member'): void; // throws if already a member
  removeMembership(team: string, username: string): void;
  listTeams(): EmulatorTeamView[]; // in Id order
  addEnvironment(name: string, group?: string): number; // returns the new Id; throws if the name is taken
  addEnvironmentGroup(name: string): number; // names need not be unique
  grant(target: AccessTarget, principal: Principal, roleId: number): void; // adds or re-roles one grant
  revoke(target: AccessTarget, principal: Principal): void;
  listAccess(): EmulatorAccessView[]; // groups, then environments, in Id order
  // Another client (the UI) that read the target's access before each of its next `times` PUTs
  // (Infinity: all) and saves that stale copy right after: last writer wins, so the PUT is undone.
  writeBackStaleAccess(target: AccessTarget, times: number): void;
  close(): Promise<void>;
}
