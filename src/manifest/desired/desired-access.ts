import type { DesiredAccessHolder, DesiredGrant, ManifestPath } from '../../plan/types/index.js';
import type { Manifest } from '../schema.js';

type Holder = NonNullable<Manifest['environments']>[number];
type Grant = NonNullable<Holder['users']>[number];

/**
 * `environments` then `environmentGroups`, in manifest order, each grant with
 * its path in the file (unknown names are found only at plan time, and the
 * error should still point at the line). `undefined` when the manifest has
 * neither section: access is left alone and not read.
 */
export function desiredAccessOf(manifest: Manifest): DesiredAccessHolder[] | undefined {
  if (manifest.environments === undefined && manifest.environmentGroups === undefined) return undefined;
  const holders: DesiredAccessHolder[] = [];
  for (const [section, scope] of [['environments', 'environment'], ['environmentGroups', 'group']] as const) {
    (manifest[section] ?? []).forEach((holder, index) => {
      const grants = (kind: 'users' | 'teams') => (holder[kind] ?? []).map((grant, at) => grantOf(grant, [section, index, kind, at]));
      holders.push({ scope, name: holder.name, users: grants('users'), teams: grants('teams'), path: [section, index, 'name'] });
    });
  }
  return holders;
}

function grantOf(grant: Grant, path: ManifestPath): DesiredGrant {
  if (typeof grant === 'string') return { name: grant, path };
  return { name: grant.name, ...(grant.role === undefined ? {} : { role: grant.role }), path };
}
