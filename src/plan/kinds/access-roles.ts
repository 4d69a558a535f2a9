import { COMMUNITY_ROLE_ID } from '../../limits.js';
import type { GrantRole, ManifestRole, ObservedRole } from '../types/index.js';
import { foldUsername } from '../match.js';

/**
 * Roles of environment access. Business Edition has roles (`GET /roles`):
 * the manifest names the five built-in ones by slug, any other by its exact
 * name, and the plan writes Portainer's ids. Community Edition has none
 * (`GET /roles` is empty, RoleId is ignored): any grant is access.
 */
const SLUG_NAMES: Record<string, string> = {
  'environment-admin': 'Environment administrator',
  operator: 'Operator',
  helpdesk: 'Helpdesk',
  standard: 'Standard user',
  'read-only': 'Read-only user',
};

export const DEFAULT_ACCESS_ROLE = 'standard';

/** How the plan shows a Community Edition grant: it has no role, only access. */
export const COMMUNITY_ROLE = 'access';

export function isCommunityEdition(roles: readonly ObservedRole[]): boolean {
  return roles.length === 0;
}

/**
 * The role the manifest means (a slug, or a role's name compared
 * case-insensitively); undefined when the server has none such. `{ id }` is
 * that RoleId, listed or not: it is written as it is stored.
 */
export function resolveRole(role: ManifestRole | undefined, roles: readonly ObservedRole[]): GrantRole | undefined {
  if (typeof role === 'object') return { role: shownRole(role.id, roles), roleId: role.id };
  const wanted = foldUsername(SLUG_NAMES[role ?? DEFAULT_ACCESS_ROLE] ?? role ?? '');
  const found = roles.find((candidate) => foldUsername(candidate.name) === wanted);
  return found ? { role: shownRole(found.id, roles), roleId: found.id } : undefined;
}

/** How the plan shows a RoleId the server lists as no role. */
export function unlistedRoleText(roleId: number): string {
  return `Id ${roleId}`;
}

/** A manifest role as the manifest writes it (problems and drift --write's summary name it so): a name, or `{ id: 0 }` for a RoleId. */
export function roleText(role: ManifestRole): string {
  return typeof role === 'object' ? `{ id: ${role.id} }` : role;
}

/** Whether the server lists this RoleId as a role; Community Edition lists none and ignores RoleId. */
export function isListedRole(roleId: number, roles: readonly ObservedRole[]): boolean {
  return isCommunityEdition(roles) || roles.some((role) => role.id === roleId);
}

/** A server's RoleId as the plan shows it: the slug of a built-in role, another role's name, or `Id n` for a role the server does not list. */
export function shownRole(roleId: number, roles: readonly ObservedRole[]): string {
  if (isCommunityEdition(roles)) return COMMUNITY_ROLE;
  const found = roles.find((candidate) => candidate.id === roleId);
  if (!found) return unlistedRoleText(roleId);
  const slug = Object.entries(SLUG_NAMES).find(([, name]) => foldUsername(name) === foldUsername(found.name));
  return slug ? slug[0] : found.name;
}

/** Whether a manifest role asks for more than access, which Community Edition cannot give (its UI writes RoleId 3). */
export function asksForRole(role: ManifestRole | undefined): boolean {
  if (typeof role === 'object') return role.id !== COMMUNITY_ROLE_ID;
  return role !== undefined && foldUsername(role) !== DEFAULT_ACCESS_ROLE && foldUsername(role) !== foldUsername(SLUG_NAMES[DEFAULT_ACCESS_ROLE] ?? '');
}

/**
 * The roles of one server, looked up once: a plan resolves a role for every
 * grant it reads, thousands on a large Portainer.
 */
export interface RoleBook {
  community: boolean;
  /** The server's role names, for an error that names the choices. */
  names: string[];
  resolve(role: ManifestRole | undefined): GrantRole | undefined;
  /** Whether the server lists this RoleId (always on Community Edition). */
  listed(roleId: number): boolean;
  shown(roleId: number): string;
}

export function roleBookOf(roles: readonly ObservedRole[]): RoleBook {
  const resolved = new Map<string, GrantRole | undefined>();
  const shown = new Map<number, string>();
  return {
    community: isCommunityEdition(roles),
    names: roles.map((role) => role.name),
    resolve(role) {
      const key = typeof role === 'object' ? `\u0000${role.id}` : (role ?? DEFAULT_ACCESS_ROLE);
      if (!resolved.has(key)) resolved.set(key, resolveRole(role, roles));
      return resolved.get(key);
    },
    listed: (roleId) => isListedRole(roleId, roles),
    shown(roleId) {
      let text = shown.get(roleId);
      if (text === undefined) shown.set(roleId, (text = shownRole(roleId, roles)));
      return text;
    },
  };
}
