import { plural } from './plural.js';

/** `41 users, 5 teams, 6 environments and 2 environment groups`: every section the file holds, counted as written. */
export function describeExportCounts(counts: { users: number; teams: number; environments: number; environmentGroups: number }): string {
  const parts = [
    plural(counts.users, 'user', 'users'),
    ...(counts.teams > 0 ? [plural(counts.teams, 'team', 'teams')] : []),
    ...(counts.environments > 0 ? [plural(counts.environments, 'environment', 'environments')] : []),
    ...(counts.environmentGroups > 0 ? [plural(counts.environmentGroups, 'environment group', 'environment groups')] : []),
  ];
  return parts.length === 1 ? (parts[0] as string) : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}
