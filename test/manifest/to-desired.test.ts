import { describe, expect, it } from 'vitest';
import { loadManifest, toDesiredState } from '../../src/manifest/index.js';
import { withEnv, writeManifest } from './support.js';

describe('toDesiredState', () => {
  it('puts the admin block first, then users in order, with facts about passwords', async () => {
    const text = `version: 1
admin:
  username: root
  password: { env: DESIRED_ROOT_PASSWORD }
  apiKeys:
    - description: ci
users:
  - username: alice
    role: admin
    password: { env: DESIRED_UNSET_PASSWORD }
    apiKeys:
      - description: deploy
        rotateAfter: 90d
  - username: bob
    apiKeys: []
  - username: carol
prune:
  users: true
  protect: ["break-glass-*"]
  maxDeletes: 20%
`;
    const restore = withEnv({ DESIRED_ROOT_PASSWORD: 'twelve-chars', DESIRED_UNSET_PASSWORD: undefined });
    try {
      const desired = toDesiredState(await loadManifest(writeManifest(text)));
      expect(desired).toEqual({
        users: [
          { username: 'root', role: 'admin', password: { given: true, length: 12, bytes: 12 }, apiKeys: [{ description: 'ci' }], bootstrapAdmin: true },
          {
            username: 'alice',
            role: 'admin',
            password: { given: true, problem: { source: 'env', name: 'DESIRED_UNSET_PASSWORD', state: 'unset' } },
            apiKeys: [{ description: 'deploy', rotateAfter: { text: '90d', seconds: 7_776_000 } }],
          },
          { username: 'bob', role: 'standard', password: { given: false }, apiKeys: [] },
          { username: 'carol', role: 'standard', password: { given: false } },
        ],
        prune: { users: true, protect: ['break-glass-*'], maxDeletes: { percent: 20 }, teams: false, memberships: true, access: true },
      });
      expect(desired.users[3]).not.toHaveProperty('apiKeys');
    } finally {
      restore();
    }
  });

  it('reads maxDeletes as a count, and leaves it out when absent', async () => {
    const withCount = toDesiredState(await loadManifest(writeManifest('version: 1\nprune:\n  maxDeletes: 3\n')));
    expect(withCount.prune).toEqual({ users: false, protect: [], maxDeletes: { count: 3 }, teams: false, memberships: true, access: true });
    const without = toDesiredState(await loadManifest(writeManifest('version: 1\n')));
    expect(without).toEqual({ users: [], prune: { users: false, protect: [], teams: false, memberships: true, access: true } });
    expect(without).not.toHaveProperty('teams');
  });
});
