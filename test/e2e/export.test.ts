import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/manifest/index.js';
import { manifest } from '../support/manifests.js';
import { expectNoSecretsIn } from '../support/secrets.js';
import { CONVERGED_BASIC, seedAdmin } from '../support/seeds.js';
import { ADMIN_LOGIN, countWhere, mutatingRequests, NO_PASSWORDS, PASSWORDS, startWorld, type World } from '../support/world.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});


async function onboardingWorld(): Promise<World> {
  world = await startWorld(manifest([]), {
    instanceId: 'onboarded-instance-01',
    seed: {
      users: [
        ...(CONVERGED_BASIC.users ?? []),
        { username: 'carol', password: PASSWORDS.carol, apiKeys: [{ description: 'laptop' }, { description: 'ci: nightly' }] },
        { username: 'break-glass-1', password: 'glass-password-01', role: 'admin' },
      ],
    },
  });
  return world;
}

describe('export', () => {
  it("writes the server's users, roles and readable keys as a valid manifest, and only reads", async () => {
    const w = await onboardingWorld();
    const result = await w.cli(['export'], ADMIN_LOGIN);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout.startsWith('# yaml-language-server: $schema=')).toBe(true);
    const { manifest: exported, issues } = parseManifest(result.stdout, 'exported.yaml');
    expect(issues).toEqual([]);
    expect(exported?.admin).toMatchObject({ username: 'admin', apiKeys: [{ description: 'ci' }] });
    expect(exported?.users.map((user) => `${user.username}:${user.role}:${user.apiKeys?.map((k) => k.description).join('+') ?? '-'}`)).toEqual([
      'alice:admin:-',
      'bob:standard:laptop',
      'break-glass-1:admin:-',
      'carol:standard:ci: nightly+laptop',
    ]);
    expect(result.stdout).toMatch(/Note: API keys not read \(so not listed\) for: alice, break-glass-1/);
    // The server's instance id, so that a fleet file can pin it.
    expect(result.stdout).toContain('\n# Instance: onboarded-instance-01 (a fleet file pins it as instanceId)\n');
    expect(mutatingRequests(w.emulator)).toEqual([]);
    // No read twice: the user list once, then the key list of each user whose keys it may read.
    expect(countWhere(w.emulator, 'GET', /^\/api\/users$/)).toBe(1);
    expect(countWhere(w.emulator, 'GET', /^\/api\/users\/\d+\/tokens$/)).toBe(3);
  });

  it('round trip: plan of a fresh export against the same server has no changes', async () => {
    const w = await onboardingWorld();
    const exported = await w.cli(['export', '--output', 'exported.yaml'], ADMIN_LOGIN);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toBe('');
    expect(exported.stderr).toContain('exported.yaml');
    const plan = await w.cli(['plan', '-f', 'exported.yaml', '--detailed-exitcode'], { ...ADMIN_LOGIN, ...NO_PASSWORDS });
    expect(plan.stdout).toContain('No changes.');
    expect(plan.code).toBe(0);
    const drift = await w.cli(['drift', '-f', 'exported.yaml'], { ...ADMIN_LOGIN, ...NO_PASSWORDS });
    expect(drift.code).toBe(0);
  });

  it('round trip with an API key: the identity reads its own keys too', async () => {
    world = await startWorld(manifest([]), { seed: { users: [seedAdmin(), { username: 'ops', password: 'ops-password-0001', role: 'admin' }] } });
    const key = world.emulator.addApiKey('ops', { description: 'automation' });
    const env = { PORTAINER_API_KEY: key, ...NO_PASSWORDS };
    const exported = await world.cli(['export', '--output', 'exported.yaml'], env);
    expect(exported.code).toBe(0);
    const text = readFileSync(join(world.dir, 'exported.yaml'), 'utf8');
    expect(parseManifest(text, 'exported.yaml').manifest?.users).toEqual([
      { username: 'ops', role: 'admin', password: { env: 'OPS_PASSWORD' }, apiKeys: [{ description: 'automation' }] },
    ]);
    expect(statSync(join(world.dir, 'exported.yaml')).mode & 0o777).toBe(0o644);
    const plan = await world.cli(['plan', '-f', 'exported.yaml', '--detailed-exitcode'], env);
    expect(plan.code).toBe(0);
    expectNoSecretsIn([exported.stdout, exported.stderr, text, plan.stdout], [key]);
  });

  it('says clearly that it needs credentials when none are given', async () => {
    const w = await onboardingWorld();
    const result = await w.cli(['export']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "Error: export needs an administrator's credentials: give --api-key (PORTAINER_API_KEY), or --username and --password (PORTAINER_USERNAME and PORTAINER_PASSWORD)\nRun 'portainer-users export --help' for usage.\n",
    );
    expect(w.emulator.requests).toEqual([]);
  });

  it('says there is nothing to export on a fresh server', async () => {
    world = await startWorld(manifest([]), { seed: { users: [] } });
    const result = await world.cli(['export'], ADMIN_LOGIN);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no administrator yet/);
  });

  it('never prints a password', async () => {
    const w = await onboardingWorld();
    const result = await w.cli(['export', '--password', PASSWORDS.admin, '--username', 'admin']);
    expectNoSecretsIn([result.stdout, result.stderr], Object.values(PASSWORDS));
  });
});
