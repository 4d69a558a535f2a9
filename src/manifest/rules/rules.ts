import { foldUsername } from '../../plan/match.js';
import { formatPath } from '../format-path.js';
import type { PlaceNamer, RuleFinding } from '../messages.js';
import type { PathSegment } from '../locate.js';
import { checkAccessRules } from './access-rules.js';
import { checkTeamRules } from './team-rules.js';

/**
 * Rules that span several entries. They read the raw parsed YAML, not the
 * schema's output, so they still run (on whatever is well-formed) when some
 * other entry has the wrong shape: every problem is reported in one run.
 */

interface Entry {
  path: PathSegment[];
  value: Record<string, unknown>;
}

/** How messages name an entry: `the admin block` or `users[3]`. */
function labelOf(entry: Entry, nameOf: PlaceNamer): string {
  return entry.path.length === 1 ? 'the admin block' : nameOf(entry.path);
}

// Loops that push into one list: a manifest of 10,000 users has nothing to report, and this runs on every plan.
export function checkRules(data: unknown, nameOf: PlaceNamer = formatPath): RuleFinding[] {
  if (!isRecord(data)) return [];
  const entries = entriesOf(data);
  const findings = duplicateUsernames(entries, nameOf);
  for (const entry of entries) {
    duplicateKeyDescriptions(entry, findings);
    plainTextPassword(entry, findings);
  }
  findings.push(...checkTeamRules(data, nameOf), ...checkAccessRules(data, nameOf));
  return findings;
}

function entriesOf(data: Record<string, unknown>): Entry[] {
  const entries: Entry[] = [];
  if (isRecord(data['admin'])) entries.push({ path: ['admin'], value: data['admin'] });
  const users = data['users'];
  if (Array.isArray(users)) {
    for (let index = 0; index < users.length; index += 1) {
      const user: unknown = users[index];
      if (isRecord(user)) entries.push({ path: ['users', index], value: user });
    }
  }
  return entries;
}

/** Portainer compares usernames with Go's strings.EqualFold: `Bob` and `bob` are one user. */
function duplicateUsernames(entries: Entry[], nameOf: PlaceNamer): RuleFinding[] {
  const firstByName = new Map<string, Entry>();
  const findings: RuleFinding[] = [];
  for (const entry of entries) {
    const username = entry.value['username'];
    if (typeof username !== 'string' || username === '') continue;
    const folded = foldUsername(username);
    const first = firstByName.get(folded);
    if (!first) {
      firstByName.set(folded, entry);
      continue;
    }
    const firstName = JSON.stringify(first.value['username']);
    const sameCase = first.value['username'] === username;
    findings.push({
      path: [...entry.path, 'username'],
      at: 'value',
      severity: 'error',
      message: sameCase
        ? `duplicate username ${JSON.stringify(username)}, already in ${labelOf(first, nameOf)}`
        : `${JSON.stringify(username)} is the same user as ${firstName} in ${labelOf(first, nameOf)} (Portainer compares usernames case-insensitively)`,
    });
  }
  return findings;
}

/** Keys are matched by description, so two keys of one user cannot share one. */
function duplicateKeyDescriptions(entry: Entry, findings: RuleFinding[]): void {
  const keys = entry.value['apiKeys'];
  if (!Array.isArray(keys)) return;
  const seen = new Set<string>();
  keys.forEach((key: unknown, index) => {
    const description = isRecord(key) ? key['description'] : undefined;
    if (typeof description !== 'string') return;
    if (seen.has(description)) {
      findings.push({
        path: [...entry.path, 'apiKeys', index, 'description'],
        at: 'value',
        severity: 'error',
        message: `duplicate key description ${JSON.stringify(description)}: keys are matched by description, so each of a user's keys needs its own`,
      });
    }
    seen.add(description);
  });
}

function plainTextPassword(entry: Entry, findings: RuleFinding[]): void {
  const password = entry.value['password'];
  if (typeof password !== 'string' || password === '') return;
  findings.push({
    path: [...entry.path, 'password'],
    at: 'value',
    severity: 'warning',
    message: 'the password is written in the manifest in plain text; use { env: NAME } or { file: PATH } to keep it out of Git',
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
