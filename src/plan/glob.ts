import { foldUsername } from './match.js';

/**
 * Whether a username matches any of `prune.protect`'s glob patterns: `*` is
 * any run of characters, `?` exactly one, everything else is literal. Matching
 * ignores case, because Portainer does: `break-glass-*` protects `Break-Glass-1`.
 */
export function matchesGlob(username: string, patterns: readonly string[]): boolean {
  return firstMatchingGlob(username, patterns) !== undefined;
}

/** The first pattern that matches, for warnings that say which rule kept a user. */
export function firstMatchingGlob(username: string, patterns: readonly string[]): string | undefined {
  const name = foldUsername(username);
  return patterns.find((pattern) => globToRegExp(pattern).test(name));
}

function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (const character of foldUsername(pattern)) {
    if (character === '*') source += '.*';
    else if (character === '?') source += '.';
    else source += character.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
  }
  // `s`: a `*` also spans line breaks; `u`: `?` is one code point, not one UTF-16 unit.
  return new RegExp(`^${source}$`, 'su');
}
