import { describe, expect, it } from 'vitest';
import { formatIssue, loadManifest, parseManifest, toDesiredState } from '../../src/manifest/index.js';
import { parseManifestText, parseWithPositions } from '../../src/manifest/parse.js';
import { writeManifest } from './support.js';

const lines = (text: string) => parseManifest(text, 'users.yaml').issues.map(formatIssue);
const desiredOf = async (text: string) => toDesiredState(await loadManifest(writeManifest(text)));

const BOTH_FORMS = `version: 1
users:
  - username: zoe
    teams: [developers, { name: Ops, role: leader }]
  - username: alice
    teams:
      - { name: DEVELOPERS, role: leader }
teams:
  - name: developers
    leaders: [alice]
    members: [mallory, bob]
  - name: empty
`;

describe('teams in the manifest', () => {
  it('accepts a version 1 manifest without teams and leaves teams alone', async () => {
    expect(lines('version: 1\nusers:\n  - username: alice\n')).toEqual([]);
    const desired = await desiredOf('version: 1\nusers:\n  - username: alice\n    teams: []\n');
    expect(desired).not.toHaveProperty('teams');
    expect(desired.prune).toMatchObject({ teams: false, memberships: true });
  });

  it('merges the top-level list and users\' teams, sorted by name and members by username', async () => {
    expect(lines(BOTH_FORMS)).toEqual([]);
    const desired = await desiredOf(BOTH_FORMS);
    expect(desired.teams).toEqual([
      {
        name: 'developers',
        members: [
          { username: 'alice', role: 'leader' },
          { username: 'bob', role: 'member' },
          { username: 'mallory', role: 'member' },
          { username: 'zoe', role: 'member' },
        ],
      },
      { name: 'empty', members: [] },
      { name: 'Ops', members: [{ username: 'zoe', role: 'leader' }] },
    ]);
  });

  it('creates a team named only in a user\'s teams, and keeps a top-level spelling of the name', async () => {
    const desired = await desiredOf('version: 1\nusers:\n  - username: bob\n    teams: [QA]\nteams:\n  - name: qa\n  - name: web\n    members: [BOB]\n');
    expect(desired.teams).toEqual([
      { name: 'qa', members: [{ username: 'bob', role: 'member' }] },
      { name: 'web', members: [{ username: 'BOB', role: 'member' }] },
    ]);
  });

  it('does not call a username the manifest does not list an error: the planner decides', () => {
    expect(lines('version: 1\nteams:\n  - name: developers\n    leaders: [only-on-server]\n')).toEqual([]);
  });

  it('reads prune.teams and prune.memberships', async () => {
    const desired = await desiredOf('version: 1\nprune:\n  teams: true\n  memberships: false\n');
    expect(desired.prune).toMatchObject({ teams: true, memberships: false });
    expect(desired).not.toHaveProperty('teams');
  });

  it('reports a user who is a leader in one place and a member in another, at the later place', () => {
    expect(lines('version: 1\nteams:\n  - name: dev\n    leaders: [ann]\n    members: [Ann]\n')).toEqual([
      'users.yaml:5:15: teams[0].members[0]: "Ann" is a member of team "dev" here but a leader in teams[0].leaders[0]; a user has one role in a team',
    ]);
  });

  it('reports one team listed twice, whatever the case', () => {
    expect(lines('version: 1\nteams:\n  - name: dev\n  - name: DEV\n')).toEqual([
      'users.yaml:4:11: teams[1].name: "DEV" is the same team as "dev" in teams[0] (Portainer compares team names case-insensitively)',
    ]);
  });

  it('explains a bad role in a user\'s team at the role itself', () => {
    expect(lines('version: 1\nusers:\n  - username: a\n    teams: [{ name: dev, role: boss }]\n')).toEqual([
      'users.yaml:4:32: users[0].teams[0].role: must be leader or member, got "boss"',
    ]);
  });

  it('reads team manifests the quick way and the full way to the same result', () => {
    for (const text of [BOTH_FORMS, 'version: 1\nteams:\n  - name: dev\n  - name: DEV\n', 'version: 1\nteams:\n  - name: dev\n    leaders: [a]\n    members: [a]\n']) {
      const quick = parseManifestText(text, 'users.yaml');
      const full = parseWithPositions(text, 'users.yaml');
      expect({ manifest: quick.manifest, issues: quick.issues }).toEqual({ manifest: full.manifest, issues: full.issues });
    }
  });
});
