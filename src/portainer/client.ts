import type { Secret } from '../secret.js';
import { failureOf, type Created, type FailureContext, type Removed } from './calls/answers.js';
import * as apiKeys from './calls/api-keys.js';
import { transportFor, type ClientOptions } from './client-options.js';
import { Credentials } from './credentials.js';
import type { Transport, Answer, Call } from './transport/transport.js';
import * as effectiveAccess from './calls/effective-access.js';
import * as environments from './calls/environments.js';
import * as publicCalls from './calls/public-calls.js';
import type { Send } from './calls/send.js';
import * as teams from './calls/teams.js';
import { normaliseApiUrl } from './network/url.js';
import * as users from './calls/users.js';
import * as wire from './wire/wire.js';
import type * as wireEnvironments from './wire/wire-environments.js';

export type { ClientOptions } from './client-options.js';

/**
 * The one way the tool talks to Portainer: a typed method per endpoint it
 * uses. The calls themselves live in a module per part of the API
 * (`public-calls.ts`, `users.ts`, `api-keys.ts`, `teams.ts`,
 * `environments.ts`, `effective-access.ts`); the client holds the identity
 * and the transport they share, and says which `send` each gets.
 */
export class PortainerClient {
  readonly apiUrl: string;
  readonly #options: ClientOptions;
  readonly #transport: Transport;
  readonly #credentials: Credentials;

  constructor(options: ClientOptions) {
    this.#options = options;
    this.apiUrl = normaliseApiUrl(options.url);
    this.#transport = transportFor(this.apiUrl, options);
    this.#credentials = new Credentials(options.auth ?? { kind: 'none' }, (username, password) => this.login(username, password));
  }

  // ------------------------------------------------------------ public calls, no credentials (in public-calls.ts)

  status(): Promise<wire.InstanceStatus> {
    return publicCalls.status(this.#anonymous);
  }

  instanceStatus(): Promise<wire.InstanceStatus> {
    return publicCalls.instanceStatus(this.#anonymous);
  }

  publicSettings(): Promise<wire.PublicSettings> {
    return publicCalls.publicSettings(this.#anonymous);
  }

  adminExists(): Promise<boolean> {
    return publicCalls.adminExists(this.#anonymous);
  }

  initAdmin(username: string, password: Secret, setupToken?: Secret): Promise<Created<wire.UserSummary>> {
    return publicCalls.initAdmin(this.#anonymous, username, password, setupToken);
  }

  login(username: string, password: Secret): Promise<Secret> {
    return publicCalls.login(this.#anonymous, username, password);
  }

  /** A client acting as `username`, logged in now; it logs in again by itself if its JWT is refused later. */
  async asUser(username: string, password: Secret): Promise<PortainerClient> {
    const jwt = await this.login(username, password);
    const client = new PortainerClient({ ...this.#options, auth: { kind: 'password', username, password } });
    client.#credentials.adopt(jwt);
    return client;
  }

  // ------------------------------------------------------------ users (in users.ts)

  currentUser(): Promise<wire.UserSummary> {
    return users.currentUser(this.#send);
  }

  listUsers(): Promise<wire.UserSummary[]> {
    return users.listUsers(this.#send);
  }

  getUser(id: number): Promise<wire.UserSummary> {
    return users.getUser(this.#send, id);
  }

  findUser(id: number): Promise<wire.UserSummary | undefined> {
    return users.findUser(this.#send, id);
  }

  createUser(input: { username: string; password?: Secret; role: wire.Role }): Promise<Created<wire.UserSummary>> {
    return users.createUser(this.#send, input);
  }

  updateUser(id: number, patch: { role?: wire.Role; username?: string; newPassword?: Secret }): Promise<wire.UserSummary> {
    return users.updateUser(this.#send, id, patch);
  }

  renameUser(id: number, username: string): Promise<users.Renamed> {
    return users.renameUser(this.#send, id, username);
  }

  changePassword(id: number, input: { password: Secret; newPassword: Secret }): Promise<void> {
    return users.changePassword(this.#send, id, input);
  }

  deleteUser(id: number): Promise<Removed> {
    return users.deleteUser(this.#send, id);
  }

  userMemberships(userId: number): Promise<wire.Membership[]> {
    return users.userMemberships(this.#send, userId);
  }

  // ------------------------------------------------------------ API keys (in api-keys.ts)

  listApiKeys(userId: number): Promise<wire.ApiKeyInfo[]> {
    return apiKeys.listApiKeys(this.#send, userId);
  }

  readApiKeys(userId: number): Promise<wire.ApiKeyInfo[] | 'forbidden' | 'gone'> {
    return apiKeys.readApiKeys(this.#send, userId);
  }

  createApiKey(userId: number, input: { description: string; password: Secret }): Promise<{ rawKey: Secret; apiKey: wire.ApiKeyInfo }> {
    return apiKeys.createApiKey(this.#send, userId, input, this.#options.auth?.kind === 'api-key');
  }

  deleteApiKey(userId: number, keyId: number): Promise<Removed> {
    return apiKeys.deleteApiKey(this.#send, userId, keyId);
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

  /** Without credentials. The answer is returned whatever its status: each function says what its statuses mean. */
  readonly #anonymous: Send = (call) => this.#transport.send(call);

  /** `#authenticated` as a value, for the modules that hold the API. */
  readonly #send: Send = (call, context) => this.#authenticated(call, context);

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
