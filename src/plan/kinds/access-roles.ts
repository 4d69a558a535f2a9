import type { GrantRole, ObservedRole } from '../types/index.js';
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

/** The role the manifest means (a slug, or a role's name compared case-insensitively); undefined when the server has none such. */
export function resolveRole(role: string | undefined, roles: readonly ObservedRole[]): GrantRole | undefined {
  const wanted = foldUsername(SLUG_NAMES[role ?? DEFAULT_ACCESS_ROLE] ?? role ?? '');
  const found = roles.find((candidate) => foldUsername(candidate.name) === wanted);
  return found ? { role: shownRole(found.id, roles), roleId: found.id } : undefined;
}

/** A server's RoleId as the plan shows it: the slug of a built-in role, another role's name, or `Id n` for a role the server does not list. */
export function shownRole(roleId: number, roles: readonly ObservedRole[]): string {
  if (isCommunityEdition(roles)) return COMMUNITY_ROLE;
  const found = roles.find((candidate) => candidate.id === roleId);
  if (!found) return `Id ${roleId}`;
  const slug = Object.entries(SLUG_NAMES).find(([, name]) => foldUsername(name) === foldUsername(found.name));
  return slug ? slug[0] : found.name;
}

/** Whether a manifest role asks for more than access, which Community Edition cannot give. */
export function asksForRole(role: string | undefined): boolean {
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
  resolve(role: string | undefined): GrantRole | undefined;
  shown(roleId: number): string;
}

export function roleBookOf(roles: readonly ObservedRole[]): RoleBook {
  const resolved = new Map<string, GrantRole | undefined>();
  const shown = new Map<number, string>();
  return {
    community: isCommunityEdition(roles),
    names: roles.map((role) => role.name),
    resolve(role) {
      const key = role ?? DEFAULT_ACCESS_ROLE;
      if (!resolved.has(key)) resolved.set(key, resolveRole(role, roles));
      return resolved.get(key);
    },
    shown(roleId) {
      let text = shown.get(roleId);
      if (text === undefined) shown.set(roleId, (text = shownRole(roleId, roles)));
      return text;
    },
  };
}
