import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EmulatorSeed } from '../../src/emulator/index.js';
import { parseManifest } from '../../src/manifest/index.js';
import { manifest } from '../support/manifests.js';
import { expectNoSecretsIn } from '../support/secrets.js';
import { CONVERGED_BASIC } from '../support/seeds.js';
import { ADMIN_LOGIN, countWhere, mutatingRequests, NO_PASSWORDS, PASSWORDS, startWorld, type World } from '../support/world.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});


/**
 * Users admin, alice (admin), bob and carol; teams with leaders and members,
 * an empty one, and names that differ only in case from usernames (the seed
 * names users in other cases too, as Portainer would accept them).
 */
const TEAMS_SEED: EmulatorSeed = {
  users: [...(CONVERGED_BASIC.users ?? []), { username: 'carol', password: PASSWORDS.carol }],
  teams: [
    { name: 'Developers', leaders: ['ALICE'], members: ['Carol', 'bob'] },
    { name: 'Bob', members: ['bob'] },
    { name: 'empty' },
    { name: 'ops', leaders: ['admin', 'carol'] },
  ],
};

/** Requests of the export other than the two team reads: what export made before it wrote teams. */
const USER_READS = [
  // Public: the instance id for the header, so that a fleet file can pin this server.
  'GET /api/system/status',
  'GET /api/users/admin/check',
  'POST /api/auth',
  'GET /api/users',
  'GET /api/users/1/tokens',
  'GET /api/users/3/tokens',
  'GET /api/users/4/tokens',
];

async function teamsWorld(seed: EmulatorSeed = TEAMS_SEED): Promise<World> {
  world = await startWorld(manifest([]), { seed });
  return world;
}

describe('export with teams', () => {
  it('writes the teams, sorted, with their leaders and members by the server spelling of their names', async () => {
    const w = await teamsWorld();
    const result = await w.cli(['export'], ADMIN_LOGIN);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const { manifest: exported, issues } = parseManifest(result.stdout, 'exported.yaml');
    expect(issues).toEqual([]);
    expect(exported?.teams).toEqual([
      { name: 'Bob', members: ['bob'] },
      { name: 'Developers', leaders: ['alice'], members: ['bob', 'carol'] },
      { name: 'empty' },
      { name: 'ops', leaders: ['admin', 'carol'] },
    ]);
    expect(exported?.prune).toMatchObject({ users: false, teams: false, memberships: true });
    expect(mutatingRequests(w.emulator)).toEqual([]);
  });

  it('makes exactly two more reads, GET /teams and GET /team_memberships, however many teams there are', async () => {
    const w = await teamsWorld();
    for (let index = 0; index < 20; index += 1) w.emulator.addTeam(`team-${index}`);
    expect((await w.cli(['export'], ADMIN_LOGIN)).code).toBe(0);
    const requests = w.emulator.requests.map((request) => `${request.method} ${request.path}`);
    // Export also reads the environments (in pages), the groups and the roles: three reads on a server with no environment.
    const accessReads = ['GET /api/endpoints', 'GET /api/endpoint_groups', 'GET /api/roles'];
    expect(requests.filter((request) => !/^GET \/api\/(teams|team_memberships)$/.test(request)).sort()).toEqual([...USER_READS, ...accessReads].sort());
    expect(countWhere(w.emulator, 'GET', /^\/api\/teams$/)).toBe(1);
    expect(countWhere(w.emulator, 'GET', /^\/api\/team_memberships$/)).toBe(1);
    expect(countWhere(w.emulator, 'GET', /memberships$/)).toBe(1);
    expect(requests).toHaveLength(USER_READS.length + accessReads.length + 2);
  });

  it('round trip: validate accepts the export, and plan of it says no changes, teams included', async () => {
    const w = await teamsWorld();
    const exported = await w.cli(['export', '--output', 'exported.yaml'], ADMIN_LOGIN);
    expect(exported.code).toBe(0);
    expect(exported.stderr).toContain('4 teams');
    // validate checks that every password variable the file names is set: the world sets them.
    const validate = await w.cli(['validate', '-f', 'exported.yaml']);
    expect(validate.code).toBe(0);
    expect(validate.stderr).toBe('');
    expect(validate.stdout).toContain('exported.yaml: valid');

    w.emulator.clearRequests();
    const plan = await w.cli(['plan', '-f', 'exported.yaml', '--detailed-exitcode'], { ...ADMIN_LOGIN, ...NO_PASSWORDS });
    expect(plan.stderr).toBe('');
    expect(plan.stdout).toContain('No changes.');
    expect(plan.code).toBe(0);
    const json = await w.cli(['plan', '-f', 'exported.yaml', '--json'], { ...ADMIN_LOGIN, ...NO_PASSWORDS });
    expect(JSON.parse(json.stdout)).toMatchObject({ changes: [], warnings: [], errors: [] });
    expect(mutatingRequests(w.emulator)).toEqual([]);

    const text = readFileSync(join(w.dir, 'exported.yaml'), 'utf8');
    expectNoSecretsIn([exported.stdout, exported.stderr, text, validate.stdout, plan.stdout, plan.stderr, json.stdout], Object.values(PASSWORDS));
  });

  it('round trip with the API key of a team leader who is an admin', async () => {
    const w = await teamsWorld();
    const key = w.emulator.addApiKey('alice', { description: 'automation' });
    const env = { PORTAINER_API_KEY: key, ...NO_PASSWORDS };
    const exported = await w.cli(['export', '--output', 'exported.yaml'], env);
    expect(exported.code).toBe(0);
    const plan = await w.cli(['plan', '-f', 'exported.yaml', '--detailed-exitcode'], env);
    expect(plan.stdout).toContain('No changes.');
    expect(plan.code).toBe(0);
    const text = readFileSync(join(w.dir, 'exported.yaml'), 'utf8');
    expectNoSecretsIn([exported.stdout, exported.stderr, text, plan.stdout, plan.stderr], [key, ...Object.values(PASSWORDS)]);
  });

  it('writes no teams key for a server without teams, and its plan reads no teams', async () => {
    const w = await teamsWorld({ users: CONVERGED_BASIC.users ?? [] });
    const exported = await w.cli(['export', '--output', 'exported.yaml'], ADMIN_LOGIN);
    expect(exported.code).toBe(0);
    const text = readFileSync(join(w.dir, 'exported.yaml'), 'utf8');
    expect(parseManifest(text, 'exported.yaml').manifest?.teams).toBeUndefined();
    w.emulator.clearRequests();
    const plan = await w.cli(['plan', '-f', 'exported.yaml', '--detailed-exitcode'], { ...ADMIN_LOGIN, ...NO_PASSWORDS });
    expect(plan.code).toBe(0);
    expect(countWhere(w.emulator, 'GET', /^\/api\/(teams|team_memberships)$/)).toBe(0);
  });
});
