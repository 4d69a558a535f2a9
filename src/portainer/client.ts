import type { Secret } from '../secret.js';
import { exists, expectSuccess, failureOf, parseAnswer, type Created, type FailureContext, type Removed } from './answers.js';
import { Credentials, type ClientAuth } from './credentials.js';
import type { EarlyReads } from './early-reads.js';
import { pacerFor } from './pacing-registry.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.js';
import type { GivenAs } from './given-as.js';
import type { TlsOptions } from './tls.js';
import { Transport, type Answer, type Call, type RequestEvent } from './transport.js';
import * as effectiveAccess from './effective-access.js';
import * as environments from './environments.js';
import * as teams from './teams.js';
import { normaliseApiUrl, originOf } from './url.js';
import * as wire from './wire.js';
import type * as wireEnvironments from './wire-environments.js';

export interface ClientOptions {
  /** `https://host:9443` or `https://host:9443/api`; `/api` is added once. */
  url: string;
  auth?: ClientAuth;
  /** Per request; default 30 s. */
  timeoutMs?: number;
  /** How reads and deletes are repeated; default `DEFAULT_RETRY_POLICY`. */
  retry?: Partial<RetryPolicy>;
  /** A private CA, or no verification at all. */
  tls?: TlsOptions;
  /** One event per HTTP attempt, for `--debug` and request counting; it holds no secret. */
  onRequest?: (event: RequestEvent) => void;
  /** A paced call (login, key creation) has waited 2 s for the rate limit and still waits. */
  onPacingWait?: () => void;
  /** Public reads sent before this client was made (`early-reads.ts`), for its calls to claim. */
  early?: EarlyReads;
  /** How the person gave the URL, the API key and the CA bundle, for sentences that name them. */
  givenAs?: GivenAs;
}

/** The one way the tool talks to Portainer: a typed method per endpoint of the Users API. */
export class PortainerClient {
  readonly apiUrl: string;
  readonly #options: ClientOptions;
  readonly #transport: Transport;
  readonly #credentials: Credentials;

  constructor(options: ClientOptions) {
    this.#options = options;
    this.apiUrl = normaliseApiUrl(options.url);
    const origin = originOf(this.apiUrl);
    this.#transport = new Transport({
      apiUrl: this.apiUrl,
      timeoutMs: options.timeoutMs ?? 30_000,
      retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
      ...(options.tls ? { tls: options.tls } : {}),
      ...(options.onRequest ? { onRequest: options.onRequest } : {}),
      ...(options.onPacingWait ? { onPacingWait: options.onPacingWait } : {}),
      ...(options.early ? { early: options.early } : {}),
      ...(options.givenAs ? { givenAs: options.givenAs } : {}),
      pacer: () => pacerFor(origin),
    });
    this.#credentials = new Credentials(options.auth ?? { kind: 'none' }, (username, password) => this.login(username, password));
  }

  // ------------------------------------------------------------ public calls (no credentials)

  /** `instanceId`: the database's UUID, when the server sends one (`InstanceID`). */
  async status(): Promise<wire.InstanceStatus> {
    const call: Call = { method: 'GET', route: 'status' };
    return parseAnswer(call, await this.#anonymous(call), wire.statusSchema, 'a Portainer status');
  }

  /**
   * `GET /system/status`, or `/status` on an older Portainer that answers 404
   * to the first (2.45 still has both): which instance this is, before any
   * credential is sent to it.
   */
  async instanceStatus(): Promise<wire.InstanceStatus> {
    const call: Call = { method: 'GET', route: 'system/status' };
    const answer = await this.#anonymous(call);
    if (answer.status !== 404) return parseAnswer(call, answer, wire.statusSchema, 'a Portainer status');
    const legacy: Call = { method: 'GET', route: 'status' };
    return parseAnswer(legacy, await this.#anonymous(legacy), wire.statusSchema, 'a Portainer status');
  }

  async publicSettings(): Promise<wire.PublicSettings> {
    const call: Call = { method: 'GET', route: 'settings/public' };
    return parseAnswer(call, await this.#anonymous(call), wire.publicSettingsSchema, 'the public settings');
  }

  /** Portainer answers 204 when an administrator exists, 404 on a fresh server. */
  async adminExists(): Promise<boolean> {
    const call: Call = { method: 'GET', route: 'users/admin/check' };
    const answer = await this.#anonymous(call);
    if (answer.status === 404) return false;
    expectSuccess(call, answer);
    return true;
  }

  /** `exists`: Portainer has an administrator already (409: someone else initialised it). */
  async initAdmin(username: string, password: Secret, setupToken?: Secret): Promise<Created<wire.UserSummary>> {
    const call: Call = {
      method: 'POST',
      route: 'users/admin/init',
      json: { Username: username, Password: password.reveal() },
      ...(setupToken ? { headers: { 'x-setup-token': setupToken.reveal() } } : {}),
    };
    const answer = await this.#anonymous(call);
    if (answer.status === 409) return exists(answer);
    // The answer carries the password hash; the schema drops it before anyone can log it.
    return { outcome: 'created', value: parseAnswer(call, answer, wire.userSchema, 'a user') };
  }

  /** `POST /auth`: a rate-limited call. A wrong password or an unknown user (422) throws an `invalid-credentials` error. */
  async login(username: string, password: Secret): Promise<Secret> {
    const call: Call = { method: 'POST', route: 'auth', json: { username, password: password.reveal() }, paced: true };
    return parseAnswer(call, await this.#anonymous(call), wire.loginSchema, 'a login answer with a JWT', { username });
  }

  /** A client acting as `username`, logged in now; it logs in again by itself if its JWT is refused later. */
  async asUser(username: string, password: Secret): Promise<PortainerClient> {
    const jwt = await this.login(username, password);
    const client = new PortainerClient({ ...this.#options, auth: { kind: 'password', username, password } });
    client.#credentials.adopt(jwt);
    return client;
  }

  // ------------------------------------------------------------ users

  async currentUser(): Promise<wire.UserSummary> {
    const call: Call = { method: 'GET', route: 'users/me' };
    return parseAnswer(call, await this.#authenticated(call), wire.userSchema, 'a user');
  }

  async listUsers(): Promise<wire.UserSummary[]> {
    const call: Call = { method: 'GET', route: 'users' };
    const answer = expectSuccess(call, await this.#authenticated(call));
    return wire.readUserList(answer.json) ?? parseAnswer(call, answer, wire.userListSchema, 'a list of users');
  }

  async getUser(id: number): Promise<wire.UserSummary> {
    const call: Call = { method: 'GET', route: `users/${id}` };
    return parseAnswer(call, await this.#authenticated(call), wire.userSchema, 'a user');
  }

  /** The user, or undefined when Portainer has none with that id (404). */
  async findUser(id: number): Promise<wire.UserSummary | undefined> {
    const call: Call = { method: 'GET', route: `users/${id}` };
    const answer = await this.#authenticated(call);
    return answer.status === 404 ? undefined : parseAnswer(call, answer, wire.userSchema, 'a user');
  }

  /**
   * `exists`: another user has that name, compared case-insensitively (409).
   * Without a password for an LDAP or OAuth Portainer, which refuses one (400).
   */
  async createUser(input: { username: string; password?: Secret; role: wire.Role }): Promise<Created<wire.UserSummary>> {
    const json = { username: input.username, password: input.password?.reveal() ?? '', role: wire.roleToWire[input.role] };
    const call: Call = { method: 'POST', route: 'users', json };
    const answer = await this.#authenticated(call);
    if (answer.status === 409) return exists(answer);
    return { outcome: 'created', value: parseAnswer(call, answer, wire.userSchema, 'a user') };
  }

  /** An admin sets another user's password with `newPassword` alone. Changing role or password voids that user's JWTs. */
  async updateUser(id: number, patch: { role?: wire.Role; username?: string; newPassword?: Secret }): Promise<wire.UserSummary> {
    const json = {
      ...(patch.role !== undefined ? { role: wire.roleToWire[patch.role] } : {}),
      ...(patch.username !== undefined ? { username: patch.username } : {}),
      ...(patch.newPassword !== undefined ? { newPassword: patch.newPassword.reveal() } : {}),
    };
    const call: Call = { method: 'PUT', route: `users/${id}`, json };
    return parseAnswer(call, await this.#authenticated(call), wire.userSchema, 'a user');
  }

  /**
   * Renames a user in place (administrators only); Portainer keeps the name
   * as sent. `taken`: another user has that name, compared case-insensitively (409).
   */
  async renameUser(id: number, username: string): Promise<{ outcome: 'renamed'; value: wire.UserSummary } | { outcome: 'taken'; said?: string }> {
    const call: Call = { method: 'PUT', route: `users/${id}`, json: { username } };
    const answer = await this.#authenticated(call);
    if (answer.status === 409) {
      const { said } = exists(answer);
      return { outcome: 'taken', ...(said === undefined ? {} : { said }) };
    }
    return { outcome: 'renamed', value: parseAnswer(call, answer, wire.userSchema, 'a user') };
  }

  /** `PUT /users/{id}/passwd`: rate limited, and Portainer checks the current password even for admins. */
  async changePassword(id: number, input: { password: Secret; newPassword: Secret }): Promise<void> {
    const json = { password: input.password.reveal(), newPassword: input.newPassword.reveal() };
    const call: Call = { method: 'PUT', route: `users/${id}/passwd`, json, paced: true };
    expectSuccess(call, await this.#authenticated(call));
  }

  /** `already-gone`: no user has that id (404), e.g. when a repeated DELETE finds the first one worked. */
  async deleteUser(id: number): Promise<Removed> {
    const call: Call = { method: 'DELETE', route: `users/${id}` };
    const answer = await this.#authenticated(call);
    if (answer.status === 404) return 'already-gone';
    expectSuccess(call, answer);
    return 'deleted';
  }

  async userMemberships(userId: number): Promise<wire.Membership[]> {
    const call: Call = { method: 'GET', route: `users/${userId}/memberships` };
    return parseAnswer(call, await this.#authenticated(call), wire.teamMembershipListSchema, 'a list of team memberships');
  }

  // ------------------------------------------------------------ API keys

  /** An admin may list a standard user's keys, but only an admin itself may list its own. */
  async listApiKeys(userId: number): Promise<wire.ApiKeyInfo[]> {
    const call: Call = { method: 'GET', route: `users/${userId}/tokens` };
    const answer = expectSuccess(call, await this.#authenticated(call));
    return wire.readApiKeyList(answer.json) ?? parseAnswer(call, answer, wire.apiKeyListSchema, 'a list of API keys');
  }

  /**
   * The keys, or `forbidden` where Portainer refuses to list them (403): an
   * administrator may list its own keys and a standard user's, never another
   * administrator's; `gone` when the user was deleted since it was listed (404).
   */
  async readApiKeys(userId: number): Promise<wire.ApiKeyInfo[] | 'forbidden' | 'gone'> {
    const call: Call = { method: 'GET', route: `users/${userId}/tokens` };
    const answer = await this.#authenticated(call);
    if (answer.status === 403) return 'forbidden';
    if (answer.status === 404) return 'gone';
    expectSuccess(call, answer);
    return wire.readApiKeyList(answer.json) ?? parseAnswer(call, answer, wire.apiKeyListSchema, 'a list of API keys');
  }

  /** Rate limited; only the user itself, logged in with a JWT, may do it. 2.19-2.23 answer 201, 2.45 200. */
  async createApiKey(userId: number, input: { description: string; password: Secret }): Promise<{ rawKey: Secret; apiKey: wire.ApiKeyInfo }> {
    const json = { description: input.description, password: input.password.reveal() };
    const call: Call = { method: 'POST', route: `users/${userId}/tokens`, json, paced: true };
    const hint =
      this.#options.auth?.kind === 'api-key'
        ? 'Portainer creates API keys only for a user logged in with its password, not with an API key'
        : undefined;
    const context = hint ? { hint } : {};
    return parseAnswer(call, await this.#authenticated(call, context), wire.createdApiKeySchema, 'a new API key', context);
  }

  /** `already-gone`: Portainer answers 500 `API Key not found` for a key id it does not have (a repeated DELETE, say). */
  async deleteApiKey(userId: number, keyId: number): Promise<Removed> {
    const call: Call = { method: 'DELETE', route: `users/${userId}/tokens/${keyId}` };
    const answer = await this.#authenticated(call);
    if (answer.status === 404 || (answer.status === 500 && /api key not found/i.test(answer.text))) return 'already-gone';
    expectSuccess(call, answer);
    return 'deleted';
  }

  // ------------------------------------------------------------ teams and team memberships (in teams.ts)

  listTeams(): Promise<wire.Team[]> {
    return teams.listTeams(this.#send);
  }

  createTeam(name: string, leaderIds?: number[]): Promise<Created<wire.Team>> {
    return teams.createTeam(this.#send, name, leaderIds);
  }

  renameTeam(id: number, name: string): Promise<wire.Team> {
    return teams.renameTeam(this.#send, id, name);
  }

  deleteTeam(id: number): Promise<Removed> {
    return teams.deleteTeam(this.#send, id);
  }

  teamMemberships(teamId: number): Promise<wire.TeamMembership[]> {
    return teams.teamMemberships(this.#send, teamId);
  }

  listTeamMemberships(): Promise<wire.TeamMembership[]> {
    return teams.listTeamMemberships(this.#send);
  }

  createTeamMembership(input: teams.MembershipInput): Promise<Created<wire.TeamMembership>> {
    return teams.createTeamMembership(this.#send, input);
  }

  updateTeamMembership(id: number, input: teams.MembershipInput): Promise<wire.TeamMembership | undefined> {
    return teams.updateTeamMembership(this.#send, id, input);
  }

  deleteTeamMembership(id: number): Promise<Removed> {
    return teams.deleteTeamMembership(this.#send, id);
  }

  // ------------------------------------------------------------ environments, groups and roles (in environments.ts)

  /** Every environment (or those `keep` keeps), in pages read `concurrency` at a time. */
  listEnvironments(concurrency = 8, keep?: (name: string) => boolean): Promise<wireEnvironments.Environment[]> {
    return environments.listEnvironments(this.#send, concurrency, keep);
  }

  listEnvironmentPage(start: number, limit: number): Promise<environments.EnvironmentPage> {
    return environments.listEnvironmentPage(this.#send, start, limit);
  }

  inspectEnvironment(id: number): Promise<wireEnvironments.Environment | undefined> {
    return environments.inspectEnvironment(this.#send, id);
  }

  updateEnvironmentAccess(id: number, update: wireEnvironments.AccessUpdate): Promise<environments.AccessUpdated> {
    return environments.updateEnvironmentAccess(this.#send, id, update);
  }

  listEnvironmentGroups(): Promise<wireEnvironments.EnvironmentGroup[]> {
    return environments.listEnvironmentGroups(this.#send);
  }

  inspectEnvironmentGroup(id: number): Promise<wireEnvironments.EnvironmentGroup | undefined> {
    return environments.inspectEnvironmentGroup(this.#send, id);
  }

  updateEnvironmentGroupAccess(id: number, update: wireEnvironments.AccessUpdate): Promise<environments.AccessUpdated> {
    return environments.updateEnvironmentGroupAccess(this.#send, id, update);
  }

  listRoles(): Promise<wireEnvironments.EnvironmentRole[]> {
    return environments.listRoles(this.#send);
  }

  // ------------------------------------------------------------ the server's own view of access (2.45; in effective-access.ts)

  userEffectiveAccess(userId: number): Promise<effectiveAccess.EffectiveAccess[]> {
    return effectiveAccess.userEffectiveAccess(this.#send, userId);
  }

  usersWithAccessTo(environmentId: number): Promise<wire.UserSummary[]> {
    return effectiveAccess.usersWithAccessTo(this.#send, environmentId);
  }

  teamsWithAccessTo(environmentId: number): Promise<wire.Team[]> {
    return effectiveAccess.teamsWithAccessTo(this.#send, environmentId);
  }

  // ------------------------------------------------------------ plumbing

  /** Without credentials. The answer is returned whatever its status: each method says what its statuses mean. */
  #anonymous(call: Call): Promise<Answer> {
    return this.#transport.send(call);
  }

  /** `#authenticated` as a value, for the modules that hold the rest of the API. */
  readonly #send: teams.Send = (call) => this.#authenticated(call);

  /**
   * As this client's identity; a refused JWT of a password identity is renewed
   * once and the call repeated once. The answer is returned whatever its status.
   */
  async #authenticated(call: Call, context: FailureContext = {}): Promise<Answer> {
    const auth = await this.#credentials.headers();
    const answer = await this.#transport.send({ ...call, headers: { ...call.headers, ...auth.headers } });
    // A refused API key is the same refusal on every call: said at once, as what it is.
    if (answer.status === 401 && this.#options.auth?.kind === 'api-key') throw failureOf(call, answer, { ...context, apiKey: true });
    if (answer.status !== 401 || !this.#credentials.canLogInAgain) return answer;
    await this.#credentials.logInAgain(auth);
    const renewed = await this.#credentials.headers();
    return this.#transport.send({ ...call, headers: { ...call.headers, ...renewed.headers } });
  }
}
