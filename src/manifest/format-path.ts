import type { PathSegment } from './locate.js';

/** `users[0].apiKeys[1].description`: the way a person would point at a field. */
export function formatPath(path: readonly PathSegment[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? segment : `.${segment}`;
  }
  return text;
}
