import type { PathSegment } from './locate.js';

/**
 * Hints for an unknown key: the key that was probably meant ("passwd" ->
 * "password"), or why a key does not belong where it is.
 */

const KEYS = {
  manifest: ['version', 'admin', 'users', 'teams', 'prune', 'safety', 'passwords', 'environments', 'environmentGroups'],
  admin: ['username', 'previously', 'password', 'apiKeys'],
  user: ['username', 'previously', 'role', 'password', 'apiKeys', 'teams'],
  apiKey: ['description', 'rotateAfter', 'overlap'],
  prune: ['users', 'protect', 'maxDeletes', 'teams', 'memberships', 'access'],
  safety: ['minAdmins'],
  team: ['name', 'previously', 'leaders', 'members'],
  userTeam: ['name', 'role'],
  secret: ['env', 'file'],
  passwords: ['verify'],
  environment: ['name', 'users', 'teams'],
  grant: ['name', 'role'],
  roleById: ['id'],
};

/** The hint to add after `unknown key "x"`, or '' when there is none. */
export function unknownKeyHint(parent: readonly PathSegment[], key: string): string {
  const context = contextOf(parent);
  if (context === 'admin' && key === 'role') return ': the admin block is always an admin';
  const known = context ? KEYS[context] : [];
  const meant = known.find((candidate) => looksLike(key, candidate));
  return meant ? ` (did you mean "${meant}"?)` : '';
}

function contextOf(parent: readonly PathSegment[]): keyof typeof KEYS | undefined {
  const last = parent[parent.length - 1];
  const beforeLast = parent[parent.length - 2];
  if (parent.length === 0) return 'manifest';
  if (last === 'admin') return 'admin';
  if (last === 'prune') return 'prune';
  if (last === 'safety' && parent.length === 1) return 'safety';
  if (last === 'passwords' && parent.length === 1) return 'passwords';
  if (last === 'password') return 'secret';
  // A grant's list is named users or teams too: look at where the path starts first.
  if (typeof last === 'number' && (beforeLast === 'environments' || beforeLast === 'environmentGroups') && parent.length === 2) return 'environment';
  if (typeof last === 'number' && parent.length === 4 && (parent[0] === 'environments' || parent[0] === 'environmentGroups')) return 'grant';
  if (last === 'role' && parent.length === 5) return 'roleById';
  if (typeof last === 'number' && beforeLast === 'users') return 'user';
  if (typeof last === 'number' && beforeLast === 'apiKeys') return 'apiKey';
  if (typeof last === 'number' && beforeLast === 'teams') return parent.length === 2 ? 'team' : 'userTeam';
  return undefined;
}

/** Same word but for case, or at most two edits apart (typos, a missing or extra letter). */
function looksLike(typed: string, candidate: string): boolean {
  const a = typed.toLowerCase();
  const b = candidate.toLowerCase();
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 2 || Math.min(a.length, b.length) < 3) return false;
  return editDistance(a, b) <= 2;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
