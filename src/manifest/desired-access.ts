import type { DesiredAccessHolder, DesiredGrant, ManifestPosition } from '../plan/types.js';
import type { Manifest } from './schema.js';

type Holder = NonNullable<Manifest['environments']>[number];
type Grant = NonNullable<Holder['users']>[number];
type Locate = (path: (string | number)[]) => ManifestPosition | undefined;

/**
 * `environments` then `environmentGroups`, in manifest order, each grant with
 * its place in the file (unknown names are found only at plan time, and the
 * error should still point at the line). `undefined` when the manifest has
 * neither section: access is left alone and not read.
 */
export function desiredAccessOf(manifest: Manifest, locate: Locate): DesiredAccessHolder[] | undefined {
  if (manifest.environments === undefined && manifest.environmentGroups === undefined) return undefined;
  const holders: DesiredAccessHolder[] = [];
  for (const [section, scope] of [['environments', 'environment'], ['environmentGroups', 'group']] as const) {
    (manifest[section] ?? []).forEach((holder, index) => {
      const grants = (kind: 'users' | 'teams') => (holder[kind] ?? []).map((grant, at) => grantOf(grant, locate([section, index, kind, at])));
      holders.push({ scope, name: holder.name, users: grants('users'), teams: grants('teams'), ...positioned(locate([section, index, 'name'])) });
    });
  }
  return holders;
}

function grantOf(grant: Grant, position: ManifestPosition | undefined): DesiredGrant {
  if (typeof grant === 'string') return { name: grant, ...positioned(position) };
  return { name: grant.name, ...(grant.role === undefined ? {} : { role: grant.role }), ...positioned(position) };
}

function positioned(position: ManifestPosition | undefined): { position?: ManifestPosition } {
  return position ? { position } : {};
}
