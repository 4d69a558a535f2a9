import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { applyChanges } from '../../src/apply/apply-plan.js';
import type { EmulatorSeed, EmulatorTeamView } from '../../src/emulator/index.js';
import { foldUsername } from '../../src/plan/match.js';
import type { Change } from '../../src/plan/types/index.js';
import { startApplyBench, type ApplyBench } from '../reliability/support.js';
import type { CliResult } from '../support/cli.js';
import { manifest } from '../support/manifests.js';
import { expectNoSecretsIn, filesWritten } from '../support/secrets.js';
import { seedAdmin } from '../support/seeds.js';
import { PASSWORDS, countWhere, mutatingRequests, startWorld, type World } from '../support/world.js';

let world: World | undefined;
let bench: ApplyBench | undefined;
afterEach(async () => {
  await world?.close();
  await bench?.close();
  world = undefined;
  bench = undefined;
});

async function open(yaml: string, seed: EmulatorSeed): Promise<World> {
  world = await startWorld(yaml, { seed });
  return world;
}

const APPLY = ['apply', '-f', 'users.yaml', '--auto-approve'];
const PLAN = ['plan', '-f', 'users.yaml'];

const USERS = [
  { username: 'alice', passwordEnv: 'ALICE_PASSWORD' },
  { username: 'bob', passwordEnv: 'BOB_PASSWORD' },
  { username: 'carol', passwordEnv: 'CAROL_PASSWORD' },
];

/** Teams both ways: alice joins two teams from her own entry, the rest from the top-level list (Bob in another case). */
const TEAMS_BOTH_WAYS = [
  'version: 1',
  'admin:',
  '  username: admin',
  '  password: { env: PORTAINER_ADMIN_PASSWORD }',
  'users:',
  '  - username: alice',
  '    password: { env: ALICE_PASSWORD }',
  '    teams:',
  '      - { name: frontend, role: leader }',
  '      - developers',
  '  - username: bob',
  '    password: { env: BOB_PASSWORD }',
  '  - username: carol',
  '    password: { env: CAROL_PASSWORD }',
  'teams:',
  '  - name: developers',
  '    leaders: [bob]',
  '    members: [carol]',
  '  - name: platform',
  '    leaders: [admin]',
  '    members: [Bob]',
  '',
].join('\n');

/** The server TEAMS_BOTH_WAYS asks for, as `teamsOnServer` shows it. */
const CONVERGED_TEAMS = {
  developers: ['alice:member', 'bob:leader', 'carol:member'],
  frontend: ['alice:leader'],
  platform: ['admin:leader', 'bob:member'],
};

/** The users of TEAMS_BOTH_WAYS, already on the server; teams as given. */
function seedWith(teams: EmulatorSeed['teams'] = [], extraUsers: EmulatorSeed['users'] = []): EmulatorSeed {
  return {
    users: [
      seedAdmin(),
      { username: 'alice', password: PASSWORDS.alice },
      { username: 'bob', password: PASSWORDS.bob },
      { username: 'carol', password: PASSWORDS.carol },
      ...(extraUsers ?? []),
    ],
    teams,
  };
}

const CONVERGED_SEED_TEAMS = [
  { name: 'developers', leaders: ['bob'], members: ['alice', 'carol'] },
  { name: 'frontend', leaders: ['alice'] },
  { name: 'platform', leaders: ['admin'], members: ['bob'] },
];

/** Team name -> sorted `username:role`, read through the emulator's back door. */
function teamsOnServer(w: { emulator: { listTeams(): EmulatorTeamView[] } }): Record<string, string[]> {
  return Object.fromEntries(w.emulator.listTeams().map((team) => [team.name, team.members.map((m) => `${m.username}:${m.role}`).sort()]));
}

function everyOutput(results: CliResult[]): string[] {
  return results.flatMap((r) => [r.stdout, r.stderr]);
}

describe('apply with teams', () => {
  it('creates teams given both ways, with leaders and members, on a fresh server; a second apply changes nothing', async () => {
    const w = await open(TEAMS_BOTH_WAYS, { users: [] });
    const first = await w.cli(APPLY);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    // admin init, 3 users, 3 teams, 6 memberships
    expect(first.stdout).toContain('Apply complete! Resources: 13 added, 0 changed, 0 replaced, 0 destroyed.');
    expect(first.stdout).toContain('team.developers: Creation complete');
    expect(first.stdout).toContain('team.platform.member[Bob]: Creation complete');
    expect(teamsOnServer(w)).toEqual(CONVERGED_TEAMS);
    // Teams are created without leaders: every membership is its own change.
    expect(countWhere(w.emulator, 'POST', /^\/api\/teams$/)).toBe(3);
    expect(countWhere(w.emulator, 'POST', /^\/api\/team_memberships$/)).toBe(6);

    w.emulator.clearRequests();
    const plan = await w.cli(PLAN);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('No changes.');
    const second = await w.cli(APPLY);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('No changes.');
    expect(mutatingRequests(w.emulator)).toEqual([]);

    expectNoSecretsIn([...everyOutput([first, plan, second]), ...filesWritten(w.dir)], Object.values(PASSWORDS));
  });

  it('applies examples/team.yaml to a fresh server and converges in one run', async () => {
    const example = readFileSync(new URL('../../examples/team.yaml', import.meta.url), 'utf8');
    const env = Object.fromEntries([...example.matchAll(/env: (\w+)/g)].map(([, name]) => [name, `${(name as string).toLowerCase()}-secret-value`]));
    const w = await open(example, { users: [] });
    const first = await w.cli([...APPLY, '--secrets-out', 'secrets.json'], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(teamsOnServer(w)).toEqual({
      developers: ['ava.miller:member', 'chen.wei:leader', 'emma.johnson:member', 'liam.jones:member', 'lucas.martin:member', 'noah.williams:member', 'olivia.brown:member', 'priya.sharma:member'],
      frontend: ['daniel.kim:member', 'fatima.okafor:member', 'jonas.berg:member', 'priya.sharma:leader', 'sara.nilsson:member'],
      observability: ['amir.haddad:member', 'grafana-bot:member', 'yuki.tanaka:leader'],
      platform: ['ci-runner:member', 'ethan.davis:member', 'maria.garcia:member', 'ops-lead:leader', 'sofia.rossi:member'],
    });

    w.emulator.clearRequests();
    const second = await w.cli([...APPLY, '--secrets-out', 'secrets.json'], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('No changes.');
    expect(mutatingRequests(w.emulator)).toEqual([]);
    const rawKeys = Object.values(JSON.parse(readFileSync(w.secretsPath, 'utf8')).users as Record<string, Record<string, string>>).flatMap((keys) => Object.values(keys));
    expectNoSecretsIn([...everyOutput([first, second]), ...filesWritten(w.dir, [w.secretsPath])], [...(Object.values(env) as string[]), ...rawKeys]);
  }, 120_000);

  it('puts back a membership removed and a role changed on the server behind its back (from a saved plan)', async () => {
    const w = await open(TEAMS_BOTH_WAYS, seedWith(CONVERGED_SEED_TEAMS));
    w.emulator.removeMembership('developers', 'carol');
    w.emulator.removeMembership('platform', 'bob');
    w.emulator.addMembership('platform', 'bob', 'leader');
    expect((await w.cli([...PLAN, '--out', 'plan.json'])).code).toBe(0);
    const result = await w.cli(['apply', 'plan.json']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Apply complete! Resources: 1 added, 1 changed, 0 replaced, 0 destroyed.');
    expect(teamsOnServer(w)).toEqual(CONVERGED_TEAMS);
    expect(countWhere(w.emulator, 'POST', /^\/api\/team_memberships$/)).toBe(1);
    expect(countWhere(w.emulator, 'PUT', /^\/api\/team_memberships\/\d+$/)).toBe(1);
    expectNoSecretsIn(everyOutput([result]), Object.values(PASSWORDS));
  });

  it('removes members the manifest does not list (prune.memberships), and leaves them with prune.memberships: false', async () => {
    const extra = [{ username: 'dave', password: 'dave-password-0005' }];
    const seed = seedWith([{ name: 'developers', leaders: ['bob'], members: ['alice', 'carol', 'dave'] }], extra);
    const w = await open(TEAMS_BOTH_WAYS.replace('teams:\n  - name: developers', 'prune:\n  memberships: false\nteams:\n  - name: developers'), seed);
    expect((await w.cli(APPLY)).code).toBe(0);
    expect(teamsOnServer(w)['developers']).toEqual(['alice:member', 'bob:leader', 'carol:member', 'dave:member']);
    expect(countWhere(w.emulator, 'DELETE', /^\/api\/team_memberships\/\d+$/)).toBe(0);

    w.writeManifest(TEAMS_BOTH_WAYS);
    const pruned = await w.cli(APPLY);
    expect(pruned.code).toBe(0);
    expect(pruned.stdout).toContain('team.developers.member[dave]: Destruction complete');
    expect(teamsOnServer(w)['developers']).toEqual(['alice:member', 'bob:leader', 'carol:member']);
    expect(w.emulator.findUser('dave')).toBeDefined();
  });

  it('deletes unlisted teams with prune.teams: true and leaves them by default', async () => {
    const seed = seedWith([...CONVERGED_SEED_TEAMS, { name: 'legacy', members: ['carol'] }]);
    const w = await open(TEAMS_BOTH_WAYS, seed);
    const kept = await w.cli(APPLY);
    expect(kept.code).toBe(0);
    expect(kept.stdout).toContain('No changes.');
    expect(teamsOnServer(w)['legacy']).toEqual(['carol:member']);

    w.writeManifest(`${TEAMS_BOTH_WAYS}prune:\n  teams: true\n`);
    const pruned = await w.cli(APPLY);
    expect(pruned.code).toBe(0);
    expect(pruned.stdout).toContain('Apply complete! Resources: 0 added, 0 changed, 0 replaced, 1 destroyed.');
    expect(Object.keys(teamsOnServer(w)).sort()).toEqual(['developers', 'frontend', 'platform']);
    expect(countWhere(w.emulator, 'DELETE', /^\/api\/teams\/\d+$/)).toBe(1);
  });

  it('leaves no membership of a user deleted by prune.users', async () => {
    const extra = [{ username: 'dave', password: 'dave-password-0005' }];
    const seed = seedWith([...CONVERGED_SEED_TEAMS.slice(1), { name: 'developers', leaders: ['bob'], members: ['alice', 'carol', 'dave'] }, { name: 'legacy', leaders: ['dave'] }], extra);
    const w = await open(`${TEAMS_BOTH_WAYS}prune:\n  users: true\n`, seed);
    const result = await w.cli(APPLY);
    expect(result.code).toBe(0);
    expect(w.emulator.findUser('dave')).toBeUndefined();
    // Planned out of the listed team first; Portainer removes the rest with the user.
    expect(result.stdout).toContain('team.developers.member[dave]: Destruction complete');
    for (const team of w.emulator.listTeams()) expect(team.members.map((m) => m.username)).not.toContain('dave');
    expect(teamsOnServer(w)['legacy']).toEqual([]);
  });

  it('plans with two more reads than without teams, and never reads memberships user by user', async () => {
    const w = await open(manifest(USERS), seedWith(CONVERGED_SEED_TEAMS));
    expect((await w.cli(PLAN)).code).toBe(0);
    const without = w.emulator.requests.map((r) => `${r.method} ${r.path}`);

    w.emulator.clearRequests();
    w.writeManifest(TEAMS_BOTH_WAYS);
    const plan = await w.cli(PLAN);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('No changes.');
    const withTeams = w.emulator.requests.map((r) => `${r.method} ${r.path}`);

    expect(withTeams).toHaveLength(without.length + 2);
    expect(withTeams.filter((call) => !without.includes(call)).sort()).toEqual(['GET /api/team_memberships', 'GET /api/teams']);
    expect(withTeams.filter((call) => /memberships$/.test(call) && call !== 'GET /api/team_memberships')).toEqual([]);
  });

  it('refuses a plan naming an unknown user in a team, at its address', async () => {
    const w = await open(TEAMS_BOTH_WAYS.replace('members: [carol]', 'members: [carol, zoe]'), seedWith());
    const result = await w.cli(PLAN);
    expect(result.code).toBe(1);
    expect(`${result.stdout}${result.stderr}`).toContain('team.developers.member[zoe]');
    expect(mutatingRequests(w.emulator)).toEqual([]);
  });
});

describe('team executors against the emulator', () => {
  /** A context acting as the seeded admin, with the server's user and team ids. */
  async function contextFor(seed: EmulatorSeed) {
    bench = await startApplyBench(seed);
    const { emulator } = bench;
    const teamIds = new Map(emulator.listTeams().map((team) => [foldUsername(team.name), team.id]));
    return { ...bench.context(), teamIds };
  }

  const membershipCreate = (team: string, username: string, role: 'leader' | 'member'): Change => ({
    address: `team.${team}.member[${username}]`,
    kind: 'team-membership',
    action: 'create',
    team,
    username,
    before: null,
    after: { role },
  });

  it('carries on after a 409 on a membership create, setting the planned role when the server has another', async () => {
    const context = await contextFor(seedWith([{ name: 'developers', members: ['alice', 'carol'] }]));
    const changes = [membershipCreate('developers', 'alice', 'member'), membershipCreate('Developers', 'carol', 'leader')];
    const result = await applyChanges(changes, context);
    expect(result.failed).toBeUndefined();
    expect(result.applied).toHaveLength(2);
    expect(result.notes).toEqual([
      { code: 'membership-already-existed', address: 'team.developers.member[alice]' },
      { code: 'membership-already-existed', address: 'team.Developers.member[carol]', was: 'member', role: 'leader' },
    ]);
    expect(teamsOnServer(bench as ApplyBench)).toEqual({ developers: ['alice:member', 'carol:leader'] });
    const conflicts = bench?.emulator.requests.filter((r) => r.method === 'POST' && r.path === '/api/team_memberships' && r.status === 409);
    expect(conflicts).toHaveLength(2);
  });

  it('carries on after a 409 on a team create, and adds members to the team found', async () => {
    const context = await contextFor(seedWith([{ name: 'Developers' }]));
    context.teamIds.clear(); // as when the plan saw no such team
    const changes: Change[] = [
      { address: 'team.developers', kind: 'team', action: 'create', before: null, after: { name: 'developers' } },
      membershipCreate('developers', 'bob', 'leader'),
    ];
    const result = await applyChanges(changes, context);
    expect(result.failed).toBeUndefined();
    expect(result.notes).toEqual([{ code: 'team-already-existed', address: 'team.developers', name: 'Developers' }]);
    expect(teamsOnServer(bench as ApplyBench)).toEqual({ Developers: ['bob:leader'] });
  });

  it('settles a membership create whose answer was lost by re-reading, creating nothing twice', async () => {
    const context = await contextFor(seedWith([{ name: 'developers' }]));
    bench?.emulator.injectFault({ method: 'POST', path: '/api/team_memberships', drop: 'response' });
    const result = await applyChanges([membershipCreate('developers', 'carol', 'member')], context);
    expect(result.failed).toBeUndefined();
    expect(result.notes[0]).toEqual({ code: 'took-effect', address: 'team.developers.member[carol]', call: 'POST /api/team_memberships' });
    expect(teamsOnServer(bench as ApplyBench)).toEqual({ developers: ['carol:member'] });
  });

  it('settles a team create whose answer was lost by re-reading, and adds members to it', async () => {
    const context = await contextFor(seedWith());
    bench?.emulator.injectFault({ method: 'POST', path: '/api/teams', drop: 'response' });
    const changes: Change[] = [
      { address: 'team.qa', kind: 'team', action: 'create', before: null, after: { name: 'qa' } },
      membershipCreate('qa', 'alice', 'leader'),
    ];
    const result = await applyChanges(changes, context);
    expect(result.failed).toBeUndefined();
    expect(result.notes).toEqual([{ code: 'took-effect', address: 'team.qa', call: 'POST /api/teams' }]);
    expect(teamsOnServer(bench as ApplyBench)).toEqual({ qa: ['alice:leader'] });
    expect(countWhere(bench?.emulator as ApplyBench['emulator'], 'POST', /^\/api\/teams$/)).toBe(1);
  });

  it('says which id is missing when a membership names a user or team nobody created', async () => {
    const context = await contextFor(seedWith([{ name: 'developers' }]));
    const noUser = await applyChanges([membershipCreate('developers', 'zoe', 'member')], context);
    expect(noUser.failed?.failure).toEqual({ code: 'member-user-missing', username: 'zoe', team: 'developers' });
    const noTeam = await applyChanges([membershipCreate('qa', 'alice', 'member')], context);
    expect(noTeam.failed?.failure).toEqual({ code: 'member-team-missing', username: 'alice', team: 'qa' });
  });

  it('adds members several at a time, only once their team exists', async () => {
    const context = await contextFor(seedWith());
    bench?.emulator.setLatency(30);
    const changes: Change[] = [
      { address: 'team.qa', kind: 'team', action: 'create', before: null, after: { name: 'qa' } },
      membershipCreate('qa', 'alice', 'leader'),
      membershipCreate('qa', 'bob', 'member'),
      membershipCreate('qa', 'carol', 'member'),
    ];
    const events: string[] = [];
    const result = await applyChanges(changes, context, { concurrency: 3, onProgress: (e) => events.push(`${e.state} ${e.change.address}`) });
    expect(result.failed).toBeUndefined();
    expect(events.slice(0, 2)).toEqual(['start team.qa', 'done team.qa']);
    expect(events.slice(2, 5).every((event) => event.startsWith('start '))).toBe(true);
    expect(teamsOnServer(bench as ApplyBench)).toEqual({ qa: ['alice:leader', 'bob:member', 'carol:member'] });
  });

  it('counts a team or membership already gone as deleted, with a note', async () => {
    const context = await contextFor(seedWith([{ name: 'developers', members: ['alice'] }]));
    const team = bench?.emulator.listTeams()[0] as EmulatorTeamView;
    const changes: Change[] = [
      { address: 'team.developers.member[alice]', kind: 'team-membership', action: 'delete', team: 'developers', username: 'alice', membershipId: 999, teamId: team.id, userId: 2, before: { role: 'member' }, after: null },
      { address: 'team.qa', kind: 'team', action: 'delete', teamId: 999, before: { name: 'qa', members: 0 }, after: null },
    ];
    const result = await applyChanges(changes, context);
    expect(result.failed).toBeUndefined();
    expect(result.notes).toEqual([
      { code: 'already-gone', address: 'team.developers.member[alice]', what: 'membership' },
      { code: 'already-gone', address: 'team.qa', what: 'team' },
    ]);
    expect(result.outcomes.map((ended) => ended.outcome)).toEqual(['already-done', 'already-done']);
  });
});
