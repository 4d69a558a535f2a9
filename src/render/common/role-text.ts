import type { ManifestRole } from '../../plan/types/index.js';

/** A manifest role as the manifest writes it: a name, or `{ id: 0 }` for a RoleId that is no role. */
export function manifestRoleText(role: ManifestRole): string {
  return typeof role === 'object' ? `{ id: ${role.id} }` : role;
}
