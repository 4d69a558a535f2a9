import type { EmulatorSeed } from '../../src/emulator/index.js';
import { PASSWORDS } from './world.js';

const DAY = 86_400;

/**
 * A Business Edition server with grants at every level (user and team, on
 * environments and on groups, a RoleId 0, a role only 2.45 has, several
 * teams of different roles), two administrators (one's keys unreadable),
 * and keys old and new. `expectedCells` is what 2.45's resolver makes of it.
 */
export function auditSeed(now: number): EmulatorSeed {
  const user = (username: string, extra: object = {}) => ({ username, password: `${username}-password-0001`, ...extra });
  return {
    users: [
      { username: 'admin', password: PASSWORDS.admin, role: 'admin', apiKeys: [{ description: 'ci', dateCreated: now - 30 * DAY, lastUsed: now - DAY }] },
      user('root2', { role: 'admin', apiKeys: [{ description: 'break-glass' }] }),
      user('alice'),
      user('bob', { apiKeys: [{ description: 'laptop', dateCreated: now - 400 * DAY }] }),
      user('carol', { apiKeys: [{ description: 'deploy', dateCreated: now - 200 * DAY, lastUsed: now - 100 * DAY }, { description: 'ci', dateCreated: now - 20 * DAY, lastUsed: now - 2 * DAY }] }),
      user('dave'),
      user('erin'),
    ],
    teams: [
      { name: 'ops', leaders: ['bob'], members: ['carol'] },
      { name: 'dev', members: ['carol', 'dave'] },
    ],
    environmentGroups: [
      { name: 'staging', users: [{ name: 'erin', roleId: 4 }], teams: [{ name: 'dev', roleId: 3 }] },
      { name: 'edge', teams: [{ name: 'ops', roleId: 0 }] },
    ],
    environments: [
      { name: 'production', users: [{ name: 'bob', roleId: 5 }], teams: [{ name: 'ops', roleId: 1 }, { name: 'dev', roleId: 2 }] },
      { name: 'stage-1', group: 'staging', users: [{ name: 'dave', roleId: 0 }], teams: [{ name: 'ops', roleId: 2 }] },
      { name: 'edge-1', group: 'edge', users: [{ name: 'alice', roleId: 6 }] },
      { name: 'lab' },
    ],
  };
}

const ENVIRONMENTS = ['edge-1', 'lab', 'production', 'stage-1'];
const admin = (user: string) => ENVIRONMENTS.map((environment) => [user, environment, 'administrator', 'administrator']);

/** [user, environment, role, via], in the report's order. */
export const EXPECTED_CELLS = [
  ...admin('admin'),
  ['alice', 'edge-1', 'Namespace Operator', 'environment'],
  ['bob', 'production', 'operator', 'environment'],
  ['bob', 'stage-1', 'helpdesk', 'team ops'],
  // carol is in ops (environment administrator) and dev (helpdesk) on production: the more restrictive wins.
  ['carol', 'production', 'helpdesk', 'team dev'],
  ['carol', 'stage-1', 'helpdesk', 'team ops'],
  ['dave', 'production', 'helpdesk', 'team dev'],
  // dave's own grant on stage-1 has RoleId 0, which gives nothing: dev's grant on the group counts.
  ['dave', 'stage-1', 'standard', 'team dev via group staging'],
  ['erin', 'stage-1', 'read-only', 'group staging'],
  ...admin('root2'),
];
