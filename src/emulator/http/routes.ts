import { adminCheck, adminInit } from '../handlers/auth-handlers.js';
import { login, logout } from '../handlers/login-handlers.js';
import {
  inspectEnvironment,
  inspectEnvironmentGroup,
  listEnvironmentGroups,
  listEnvironments,
  listRoles,
  updateEnvironment,
  updateEnvironmentGroup,
} from '../handlers/environments-handlers.js';
import { publicSettings, status } from '../handlers/public-handlers.js';
import type { Handler } from '../stores/state.js';
import { createMembership, deleteMembership, listMemberships, updateMembership } from '../handlers/team-membership-handlers.js';
import { createTeam, deleteTeam, inspectTeam, listTeams, teamMemberships, updateTeam } from '../handlers/teams-handlers.js';
import { createApiKey, listApiKeys, removeApiKey } from '../handlers/tokens-handlers.js';
import { changePassword, updateUser } from '../handlers/user-update-handlers.js';
import { createUser, deleteUser, inspectMe, inspectUser, listUsers, userMemberships } from '../handlers/users-handlers.js';
import { userEffectiveAccess } from '../handlers/effective-access-handlers.js';

/**
 * The routes under /api, with the bouncer each sits behind in Portainer
 * (api/http/handler/users/handler.go and friends):
 * - public: no credentials;
 * - authenticated: any valid API key, cookie or JWT (Portainer's Restricted
 *   and Authenticated access are the same thing without the RBAC extension);
 * - admin: authenticated with the administrator role, else 403 `Access denied`;
 * - team-leader: authenticated as an admin or as the leader of at least one
 *   team (Portainer's TeamLeaderAccess), else 403 `Access denied`.
 * `rateLimited` says where the shared limiter sits: before everything for
 * /auth, after authentication for the token and password routes.
 */
export type Access = 'public' | 'authenticated' | 'admin' | 'team-leader';

export interface Route {
  method: string;
  pattern: string;
  access: Access;
  rateLimited: 'before-auth' | 'after-auth' | false;
  handler: Handler;
}

const route = (method: string, pattern: string, access: Access, handler: Handler, rateLimited: Route['rateLimited'] = false): Route => ({
  method, pattern, access, rateLimited, handler,
});

/** Order matters where patterns overlap: /users/me before /users/{id}, as registered in Portainer. */
export const ROUTES: readonly Route[] = [
  route('POST', '/auth', 'public', login, 'before-auth'),
  route('POST', '/auth/logout', 'public', logout),
  route('GET', '/status', 'public', status),
  route('GET', '/system/status', 'public', status),
  route('GET', '/settings/public', 'public', publicSettings),
  route('POST', '/users', 'admin', createUser),
  route('GET', '/users', 'authenticated', listUsers),
  route('GET', '/users/me', 'authenticated', inspectMe),
  route('GET', '/users/admin/check', 'public', adminCheck),
  route('POST', '/users/admin/init', 'public', adminInit),
  route('GET', '/users/{id}', 'authenticated', inspectUser),
  route('PUT', '/users/{id}', 'authenticated', updateUser),
  route('DELETE', '/users/{id}', 'admin', deleteUser),
  route('GET', '/users/{id}/tokens', 'authenticated', listApiKeys),
  route('POST', '/users/{id}/tokens', 'authenticated', createApiKey, 'after-auth'),
  route('DELETE', '/users/{id}/tokens/{keyID}', 'authenticated', removeApiKey),
  route('GET', '/users/{id}/memberships', 'authenticated', userMemberships),
  route('GET', '/users/{id}/effective-access', 'authenticated', userEffectiveAccess),
  route('PUT', '/users/{id}/passwd', 'authenticated', changePassword, 'after-auth'),
  // api/http/handler/teams/handler.go and teammemberships/handler.go
  route('POST', '/teams', 'admin', createTeam),
  route('GET', '/teams', 'authenticated', listTeams),
  route('GET', '/teams/{id}', 'team-leader', inspectTeam),
  route('PUT', '/teams/{id}', 'admin', updateTeam),
  route('DELETE', '/teams/{id}', 'admin', deleteTeam),
  route('GET', '/teams/{id}/memberships', 'team-leader', teamMemberships),
  route('POST', '/team_memberships', 'team-leader', createMembership),
  route('GET', '/team_memberships', 'team-leader', listMemberships),
  route('PUT', '/team_memberships/{id}', 'team-leader', updateMembership),
  route('DELETE', '/team_memberships/{id}', 'team-leader', deleteMembership),
  // api/http/handler/endpoints, endpointgroups and roles
  route('GET', '/endpoints', 'authenticated', listEnvironments),
  route('GET', '/endpoints/{id}', 'authenticated', inspectEnvironment),
  route('PUT', '/endpoints/{id}', 'admin', updateEnvironment),
  route('GET', '/endpoint_groups', 'authenticated', listEnvironmentGroups),
  route('GET', '/endpoint_groups/{id}', 'admin', inspectEnvironmentGroup),
  route('PUT', '/endpoint_groups/{id}', 'admin', updateEnvironmentGroup),
  route('GET', '/roles', 'admin', listRoles),
];

export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'method-not-allowed' }
  | { kind: 'not-found' };

/** Like gorilla/mux: a known path with another method is a 405, an unknown path a 404. */
export function matchRoute(method: string, path: string): RouteMatch {
  let pathKnown = false;
  for (const candidate of ROUTES) {
    const params = matchPattern(candidate.pattern, path);
    if (params === undefined) continue;
    if (candidate.method === method) return { kind: 'found', route: candidate, params };
    pathKnown = true;
  }
  return pathKnown ? { kind: 'method-not-allowed' } : { kind: 'not-found' };
}

function matchPattern(pattern: string, path: string): Record<string, string> | undefined {
  const expected = pattern.split('/');
  const actual = path.split('/');
  if (expected.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of expected.entries()) {
    const given = actual[index] ?? '';
    if (part.startsWith('{')) {
      if (given === '') return undefined;
      params[part.slice(1, -1)] = decodeSegment(given);
    } else if (part !== given) {
      return undefined;
    }
  }
  return params;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
