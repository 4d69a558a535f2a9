import { foldUsername } from '../../plan/match.js';
import { formatPath } from '../format-path.js';
import type { PathSegment } from '../locate.js';
import type { PlaceNamer, RuleFinding } from '../messages.js';

/**
 * Rules about environment access that need no server: an environment or a
 * group listed twice (names compared exactly, as Portainer compares
 * environment names), and a user or team granted twice on one of them
 * (compared case-insensitively, as Portainer compares those names). Whether a
 * name exists is the planner's to say.
 */
export function checkAccessRules(data: Record<string, unknown>, nameOf: PlaceNamer = formatPath): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const section of ['environments', 'environmentGroups'] as const) {
    const entries = data[section];
    if (!Array.isArray(entries)) continue;
    const first = new Map<string, PathSegment[]>();
    entries.forEach((entry: unknown, index) => {
      if (!isRecord(entry)) return;
      const name = entry['name'];
      if (typeof name === 'string' && name !== '') {
        const earlier = first.get(name);
        if (earlier) findings.push({ path: [section, index, 'name'], at: 'value', severity: 'error', message: `duplicate ${section === 'environments' ? 'environment' : 'environment group'} ${JSON.stringify(name)}, already in ${nameOf(earlier)}` });
        else first.set(name, [section, index]);
      }
      for (const kind of ['users', 'teams'] as const) duplicateGrants(entry[kind], [section, index, kind], kind, findings, nameOf);
    });
  }
  return findings;
}

function duplicateGrants(grants: unknown, path: PathSegment[], kind: 'users' | 'teams', findings: RuleFinding[], nameOf: PlaceNamer): void {
  if (!Array.isArray(grants)) return;
  const first = new Map<string, number>();
  grants.forEach((grant: unknown, index) => {
    const name = typeof grant === 'string' ? grant : isRecord(grant) ? grant['name'] : undefined;
    if (typeof name !== 'string' || name === '') return;
    const earlier = first.get(foldUsername(name));
    if (earlier === undefined) {
      first.set(foldUsername(name), index);
      return;
    }
    const where = typeof grant === 'string' ? [...path, index] : [...path, index, 'name'];
    findings.push({
      path: where,
      at: 'value',
      severity: 'error',
      message: `${JSON.stringify(name)} is granted twice here, already in ${nameOf([...path, earlier])} (Portainer compares ${kind === 'users' ? 'usernames' : 'team names'} case-insensitively); give it one entry`,
    });
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
