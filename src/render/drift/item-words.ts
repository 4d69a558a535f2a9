import type { AccessDriftItem, DriftItem, DriftKind, MembershipDriftItem, TeamDriftItem, UserDriftItem } from '../../drift/types.js';
import { isoDate } from '../common/dates.js';

/** Each drift item's sentence, one entry per drift kind: the text, markdown and JSON reports all say it with these words. */
export function describeDriftItem(item: DriftItem): string {
  return (DRIFT_WORDS[item.kind] as (item: DriftItem) => string)(item);
}

type ItemOf<Kind extends DriftKind> = Extract<DriftItem, { kind: Kind }>;

function where(item: AccessDriftItem): string {
  return item.scope === 'environment' ? `environment ${item.resource}` : `environment group ${item.resource}`;
}

function withMembers(count: number | undefined): string {
  if (!count) return '';
  return ` (its ${count} ${count === 1 ? 'membership goes' : 'memberships go'} with it)`;
}

const user = (words: (item: UserDriftItem) => string) => words;
const team = (words: (item: TeamDriftItem) => string) => words;
const member = (words: (item: MembershipDriftItem) => string) => words;
const grant = (words: (item: AccessDriftItem) => string) => words;

const DRIFT_WORDS: { [Kind in DriftKind]: (item: ItemOf<Kind>) => string } = {
  'admin-missing': user((item) => `the server has no administrator; apply would initialise ${item.username}`),
  'user-missing': user((item) => `user ${item.username} is in the manifest but not on the server`),
  'user-renamed': user((item) => `user ${item.username} is named ${JSON.stringify(item.actual?.username)} on the server, one of its earlier names (previously); apply would rename it in place`),
  'role-changed': user((item) => `${item.username} has the role ${item.actual?.role} on the server, ${item.expected?.role} in the manifest`),
  'user-unexpected': user((item) => `user ${item.username} is on the server but not in the manifest, and prune.users is on`),
  'api-key-missing': user((item) => `${item.username} has no API key "${item.expected?.description}" on the server`),
  'api-key-expired': user((item) => `${item.username}'s API key "${item.actual?.description}" was created ${isoDate(item.actual?.dateCreated ?? 0)}: ${item.reason}`),
  'api-key-extra': user((item) =>
    item.copyOfListed
      ? `${item.username} has an older copy of the API key "${item.actual?.description}" (Id ${item.keyId}); the manifest lists one`
      : `${item.username} has an API key "${item.actual?.description}" on the server that the manifest does not list`,
  ),
  'password-differs': user((item) => `Portainer refused ${item.username}'s password from the manifest at a login: it was changed on the server`),
  'team-renamed': team((item) => `team ${item.team} is named ${JSON.stringify(item.actual?.name)} on the server, one of its earlier names (previously); apply would rename it in place`),
  'team-missing': team((item) => `team ${item.team} is in the manifest but not on the server`),
  'team-unexpected': team((item) => `team ${item.team} is on the server but not in the manifest, and prune.teams is on${withMembers(item.actual?.members)}`),
  'member-missing': member((item) => `${item.username} is a ${item.expected?.role} of team ${item.team} in the manifest but not on the server`),
  'member-role-changed': member((item) => `${item.username} is a ${item.actual?.role} of team ${item.team} on the server, a ${item.expected?.role} in the manifest`),
  'member-unexpected': member(
    (item) => `${item.username} is a ${item.actual?.role} of team ${item.team} on the server but not in the manifest, and prune.memberships is on`,
  ),
  'grant-missing': grant((item) => `${item.principal} ${item.name} has access to ${where(item)} in the manifest but not on the server`),
  'grant-role-changed': grant(
    (item) => `${item.principal} ${item.name} has the role ${item.actual?.role} on ${where(item)} on the server, ${item.expected?.role} in the manifest`,
  ),
  'grant-unexpected': grant((item) =>
    item.orphan
      ? `${where(item)} grants access to ${item.principal} Id ${item.principalId}, which is no ${item.principal} any more, and prune.access is on`
      : `${item.principal} ${item.name} has access to ${where(item)} on the server but not in the manifest, and prune.access is on`,
  ),
};
