import type { AccessPolicies, StoredEnvironment, StoredEnvironmentGroup } from '../stores/environment-store.js';
import { fieldOf } from '../http/payload.js';
import { failure, INVALID_PAYLOAD, json, OBJECT_NOT_FOUND, type Reply } from '../http/reply.js';
import { callerOf, isAdmin, numericParam, numericQuery } from '../http/route-values.js';
import type { Call, EmulatorState, Handler } from '../stores/state.js';
import { grants, mayUse } from '../auth/endpoint-access.js';
import { copyOfAccess } from '../back-door/stale-writer.js';

/**
 * Environments, environment groups and roles (api/http/handler/endpoints,
 * endpointgroups, roles). What matters to access as code: `start` is 1-based,
 * a PUT replaces each policy map it carries whole (a map left out or `null`
 * is kept), nothing in a map is checked, and non-admins see only what they
 * may use, without the user policies.
 */
const INVALID_ENVIRONMENT_ID = 'Invalid environment identifier route variable';
const ENVIRONMENT_NOT_FOUND = 'Unable to find an environment with the specified identifier inside the database';
const INVALID_GROUP_ID = 'Invalid environment group identifier route variable';
const GROUP_NOT_FOUND = 'Unable to find an environment group with the specified identifier inside the database';

/**
 * GET /endpoints (endpoint_list.go): filtered to what the caller may use,
 * then `name` (exact), then paged: `start` counts from 1 (0 and 1 both begin
 * at the first), `limit=0` is everything; `X-Total-Count` is the count after
 * the filters, before paging.
 */
export const listEnvironments: Handler = (state, call) => {
  const caller = callerOf(call);
  let environments = state.store.environments.environments();
  if (!isAdmin(caller)) environments = environments.filter((environment) => mayUse(state, caller.userId, environment));
  const name = call.query.get('name');
  if (name) environments = environments.filter((environment) => environment.name === name);
  const total = environments.length;
  const start = Math.max(numericQuery(call, 'start') - 1, 0);
  const limit = numericQuery(call, 'limit');
  const page = limit <= 0 ? environments : environments.slice(Math.min(start, total), Math.min(start, total) + limit);
  const withSnapshots = !booleanQuery(call, 'excludeSnapshots');
  return json(
    page.map((environment) => environmentJson(environment, { withSnapshots, admin: isAdmin(caller) })),
    200,
    { 'X-Total-Count': String(total) },
  );
};

/** GET /endpoints/{id} (endpoint_inspect.go): an admin, or a user the environment (or its group) grants access. */
export const inspectEnvironment: Handler = (state, call) => {
  const id = numericParam(call, 'id');
  if (id === undefined) return failure(400, INVALID_ENVIRONMENT_ID);
  const environment = state.store.environments.environment(id);
  if (environment === undefined) return failure(404, ENVIRONMENT_NOT_FOUND, OBJECT_NOT_FOUND);
  const caller = callerOf(call);
  if (!isAdmin(caller) && !mayUse(state, caller.userId, environment)) {
    return failure(403, 'Permission denied to access environment', 'Access denied to resource');
  }
  return json(environmentJson(environment, { withSnapshots: !booleanQuery(call, 'excludeSnapshots'), admin: isAdmin(caller) }));
};

/**
 * PUT /endpoints/{id} (endpoint_update.go), admin only: each policy map the
 * payload carries replaces the stored one whole; a name must be unique.
 * Another client armed through the back door may write its stale copy back
 * right after (last writer wins), as on a real server.
 */
export const updateEnvironment: Handler = (state, call) => {
  const id = numericParam(call, 'id');
  if (id === undefined) return failure(400, INVALID_ENVIRONMENT_ID);
  const payload = decodeAccessPayload(call.body);
  if ('reason' in payload) return failure(400, INVALID_PAYLOAD, payload.reason);
  const environment = state.store.environments.environment(id);
  if (environment === undefined) return failure(404, ENVIRONMENT_NOT_FOUND, OBJECT_NOT_FOUND);
  if (payload.name) {
    const holder = state.store.environments.environmentByName(payload.name);
    if (holder && holder.id !== id) return failure(409, 'Name is not unique', 'Name is not unique');
    environment.name = payload.name;
  }
  if (payload.groupId) environment.groupId = payload.groupId;
  const before = copyOfAccess(environment);
  replacePolicies(environment, payload);
  const answer = json(environmentJson(environment, { withSnapshots: false, admin: true }));
  state.staleWriters.afterPut('environment', environment, before);
  return answer;
};

/** GET /endpoint_groups (endpointgroup_list.go): an admin sees every group, anyone else the groups that grant it access. */
export const listEnvironmentGroups: Handler = (state, call) => {
  const caller = callerOf(call);
  const groups = state.store.environments.groups();
  const visible = isAdmin(caller) ? groups : groups.filter((group) => grants(state, caller.userId, group));
  return json(visible.map(groupJson));
};

/** GET /endpoint_groups/{id} (endpointgroup_inspect.go), admin only. */
export const inspectEnvironmentGroup: Handler = (state, call) => {
  const group = groupOf(state, call);
  return 'status' in group ? group : json(groupJson(group));
};

/** PUT /endpoint_groups/{id} (endpointgroup_update.go), admin only: an empty name or description is "unchanged". */
export const updateEnvironmentGroup: Handler = (state, call) => {
  const id = numericParam(call, 'id');
  if (id === undefined) return failure(400, INVALID_GROUP_ID);
  const payload = decodeAccessPayload(call.body);
  if ('reason' in payload) return failure(400, INVALID_PAYLOAD, payload.reason);
  const group = state.store.environments.group(id);
  if (group === undefined) return failure(404, GROUP_NOT_FOUND, OBJECT_NOT_FOUND);
  if (payload.name) group.name = payload.name;
  if (payload.description) group.description = payload.description;
  const before = copyOfAccess(group);
  replacePolicies(group, payload);
  const answer = json(groupJson(group));
  state.staleWriters.afterPut('group', group, before);
  return answer;
};

/** GET /roles (role_list.go), admin only: Community Edition has none; Business Edition its built-in six (2.45). */
export const listRoles: Handler = (state) =>
  json(state.store.environments.roles.map((role) => ({ Id: role.id, Name: role.name, Description: role.description, Priority: role.priority, Authorizations: {} })));

// ------------------------------------------------------------ helpers

function groupOf(state: EmulatorState, call: Call): StoredEnvironmentGroup | Reply {
  const id = numericParam(call, 'id');
  if (id === undefined) return failure(400, INVALID_GROUP_ID);
  return state.store.environments.group(id) ?? failure(404, GROUP_NOT_FOUND, OBJECT_NOT_FOUND);
}

function policiesJson(policies: AccessPolicies): Record<string, { RoleId: number }> {
  return Object.fromEntries([...policies].map(([id, policy]) => [String(id), { RoleId: policy.roleId }]));
}

/** A stand-in for the Docker snapshot that makes an environment list heavy unless `excludeSnapshots=true`. */
const SNAPSHOT = { DockerVersion: '27.3.1', TotalCPU: 8, TotalMemory: 16_777_216_000, RunningContainerCount: 12, StoppedContainerCount: 3, DockerSnapshotRaw: { Containers: [], Images: [], Volumes: [], Networks: [] } };

function environmentJson(environment: StoredEnvironment, view: { withSnapshots: boolean; admin: boolean }): Record<string, unknown> {
  return {
    Id: environment.id,
    Name: environment.name,
    Type: 1,
    URL: 'unix:///var/run/docker.sock',
    GroupId: environment.groupId,
    PublicURL: '',
    Status: 1,
    TagIds: [],
    Snapshots: view.withSnapshots ? [SNAPSHOT] : [],
    // hideFields: a non-admin does not see who else has access.
    UserAccessPolicies: view.admin ? policiesJson(environment.userAccess) : {},
    TeamAccessPolicies: policiesJson(environment.teamAccess),
  };
}

function groupJson(group: StoredEnvironmentGroup): Record<string, unknown> {
  return {
    Id: group.id,
    Name: group.name,
    Description: group.description,
    TagIds: [],
    UserAccessPolicies: policiesJson(group.userAccess),
    TeamAccessPolicies: policiesJson(group.teamAccess),
  };
}

interface AccessPayload {
  name: string;
  description: string;
  groupId: number;
  userAccess?: AccessPolicies;
  teamAccess?: AccessPolicies;
}

function replacePolicies(holder: { userAccess: AccessPolicies; teamAccess: AccessPolicies }, payload: AccessPayload): void {
  if (payload.userAccess) holder.userAccess = payload.userAccess;
  if (payload.teamAccess) holder.teamAccess = payload.teamAccess;
}

/**
 * Go's encoding/json into the update payloads: field names match ignoring
 * case; a policy map's keys must be integers (UserID, TeamID), its values
 * objects whose RoleId is an integer; `null` leaves the map as it is.
 */
function decodeAccessPayload(body: string): AccessPayload | { reason: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    return { reason: body.trim() === '' ? 'EOF' : (error as Error).message };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { reason: 'json: cannot unmarshal into Go value of type payload' };
  const object = parsed as Record<string, unknown>;
  const text = (name: string): string | { reason: string } => {
    const value = fieldOf(object, name);
    if (value === undefined || value === null) return '';
    return typeof value === 'string' ? value : { reason: `json: cannot unmarshal ${typeof value} into Go struct field .${name} of type string` };
  };
  const name = text('Name');
  const description = text('Description');
  if (typeof name !== 'string') return name;
  if (typeof description !== 'string') return description;
  const groupId = fieldOf(object, 'GroupID') ?? 0;
  if (!Number.isInteger(groupId)) return { reason: 'json: cannot unmarshal into Go struct field .GroupID of type portainer.EndpointGroupID' };
  const payload: AccessPayload = { name, description, groupId: groupId as number };
  for (const [field, key] of [['UserAccessPolicies', 'userAccess'], ['TeamAccessPolicies', 'teamAccess']] as const) {
    const value = fieldOf(object, field);
    if (value === undefined || value === null) continue;
    const policies = decodePolicies(value, field);
    if ('reason' in policies) return policies;
    payload[key] = policies.map;
  }
  return payload;
}

function decodePolicies(value: unknown, field: string): { map: AccessPolicies } | { reason: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { reason: `json: cannot unmarshal into Go struct field .${field}` };
  const map: AccessPolicies = new Map();
  for (const [key, policy] of Object.entries(value)) {
    if (!/^-?\d+$/.test(key)) return { reason: `json: cannot unmarshal number ${key} into Go struct field .${field} of type portainer.UserID` };
    if (policy === null) {
      map.set(Number(key), { roleId: 0 });
      continue;
    }
    if (typeof policy !== 'object' || Array.isArray(policy)) return { reason: `json: cannot unmarshal into Go struct field .${field} of type portainer.AccessPolicy` };
    const roleId = fieldOf(policy as Record<string, unknown>, 'RoleId') ?? 0;
    if (!Number.isInteger(roleId)) return { reason: `json: cannot unmarshal into Go struct field AccessPolicy.RoleId of type portainer.RoleID` };
    map.set(Number(key), { roleId: roleId as number });
  }
  return { map };
}

function booleanQuery(call: Call, name: string): boolean {
  return ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(call.query.get(name) ?? '');
}
