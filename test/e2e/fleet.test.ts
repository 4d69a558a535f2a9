import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { EXAMPLE_FLEET_SECRETS, startExampleFleet, startFleetWorld, type FleetWorld } from '../support/fleet-world.js';
import { manifest, withPasswords } from '../support/manifests.js';
import { expectNoSecretsIn } from '../support/secrets.js';
import { seedAdmin } from '../support/seeds.js';
import { PASSWORDS } from '../support/world.js';

/**
 * A fleet of three Portainers from one folder: prod and staging (emulators)
 * and dr (nobody listens there), a shared users.yaml and one overlay each.
 */

const STAGING_KEY = 'ptr_staging-admin-key-for-tests';

const USERS = manifest(withPasswords('alice', 'bob'));

const PROD = `version: 1
users:
  - username: Alice
    role: admin
  - username: carol
    password: { env: CAROL_PASSWORD }
`;

const STAGING = `version: 1
users:
  - username: bob
    role: admin
`;

function fleetFile(options: { prodInstance?: string } = {}): string {
  return `version: 1
targets:
  - name: prod
    url: {{url:prod}}
    manifests: [users.yaml, overlays/prod.yaml]
    instanceId: ${options.prodInstance ?? 'prod-instance-0001'}
  - name: staging
    url: {{url:staging}}
    manifests: [users.yaml, overlays/staging.yaml]
    credentials:
      apiKey: { env: STAGING_API_KEY }
  - name: dr
    url: {{url:closed}}
    manifests: [users.yaml]
`;
}

let world: FleetWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function open(fleet = fleetFile(), overlays: { prod?: string } = {}): Promise<FleetWorld> {
  const seed = { users: [{ ...seedAdmin(), apiKeys: [{ description: 'ci', key: STAGING_KEY }] }, { username: 'alice', password: PASSWORDS.alice }] };
  world = await startFleetWorld(
    { prod: { seed, instanceId: 'prod-instance-0001' }, staging: { seed } },
    { 'fleet.yaml': fleet, 'users.yaml': USERS, 'overlays/prod.yaml': overlays.prod ?? PROD, 'overlays/staging.yaml': STAGING },
  );
  return world;
}

const ENV = { STAGING_API_KEY: STAGING_KEY };

function usernames(emulator: Emulator | undefined): string[] {
  return (emulator?.listUsers() ?? []).map((user) => `${user.username}:${user.role}`).sort();
}

/** Requests that change a server (anything but GET, and not logins). */
function changes(emulator: Emulator | undefined) {
  return (emulator?.requests ?? []).filter((request) => request.method !== 'GET' && request.path !== '/api/auth');
}

describe('plan --fleet', () => {
  it('plans the reachable targets in full, names the unreachable one, and exits 1', async () => {
    const w = await open();
    const result = await w.cli(['plan', '--fleet', 'fleet.yaml'], ENV);
    expect(result.code).toBe(1);
    const sections = result.stdout.split(/^=== /m).map((section) => section.split('\n')[0]);
    expect(sections.slice(1)).toEqual([`prod (${w.emulators['prod']?.url}) ===`, `staging (${w.emulators['staging']?.url}) ===`, expect.stringMatching(/^dr \(/), 'Summary ===']);
    // prod: the overlay's role for Alice and its new entry carol, over the shared bob.
    expect(result.stdout).toContain('Instance: prod-instance-0001');
    expect(result.stdout).toMatch(/~ user\.Alice\n\s+role: "standard" -> "admin"/);
    expect(result.stdout).toContain('+ user.carol');
    expect(result.stdout).toMatch(/Plan: 2 to add, 1 to change, 0 to replace, 0 to destroy\.\nChanges digest/);
    // staging: bob is an admin there, by its own overlay and its own API key.
    expect(result.stdout).toMatch(/Plan for .* from users\.yaml \+ overlays\/staging\.yaml[\s\S]*\+ user\.bob\n\s+username: "bob"\n\s+role: "admin"/);
    expect(result.stderr).toMatch(/^Error: dr: GET http:\/\/127\.0\.0\.1:\d+\/api\/(settings\/public|users\/admin\/check|system\/status) failed: connection refused/m);
    expect(result.stdout).toMatch(/^dr\s+-\s+failed$/m);
    expect(changes(w.emulators['prod'])).toEqual([]);
    expect(changes(w.emulators['staging'])).toEqual([]);
    expectNoSecretsIn([result.stdout, result.stderr], [...Object.values(PASSWORDS), STAGING_KEY]);
  });

  it('--target selects targets; --format json is the fleet object; --detailed-exitcode 2 for changes', async () => {
    const w = await open();
    const result = await w.cli(['plan', '--fleet', 'fleet.yaml', '--target', 'staging,PROD', '--format', 'json', '--detailed-exitcode'], ENV);
    expect(result.code).toBe(2);
    const fleet = JSON.parse(result.stdout);
    expect(fleet.targets.map((target: { name: string }) => target.name)).toEqual(['prod', 'staging']);
    expect(fleet.targets[0].plan).toMatchObject({ manifest: 'users.yaml', manifests: ['users.yaml', join('overlays', 'prod.yaml')], instanceId: 'prod-instance-0001' });
    expect(fleet.summary).toEqual({ targets: 2, failed: 0, withChanges: 2, create: 3, update: 1, replace: 0, delete: 0 });
    expect(w.emulators['staging']?.requests.filter((request) => request.auth === 'api-key')).not.toEqual([]);
  });

  it('--out DIR writes one ordinary saved plan per target, which apply applies one by one', async () => {
    const w = await open();
    const planned = await w.cli(['plan', '--fleet', 'fleet.yaml', '--target', 'prod,staging', '--out', 'plans'], ENV);
    expect(planned.code).toBe(0);
    const prod = JSON.parse(readFileSync(join(w.dir, 'plans', 'prod.json'), 'utf8'));
    expect(prod.manifests).toEqual(['users.yaml', join('overlays', 'prod.yaml')]);
    // A saved plan is the plan of one Portainer: apply it with the credentials of that Portainer (prod: the manifest's admin).
    expect((await w.cli(['apply', 'plans/prod.json'])).code).toBe(0);
    expect(usernames(w.emulators['prod'])).toEqual(['admin:admin', 'alice:admin', 'bob:standard', 'carol:standard']);
    expect(usernames(w.emulators['staging'])).toEqual(['admin:admin', 'alice:standard']);
    const staging = await w.cli(['apply', '--fleet', 'fleet.yaml', '--target', 'staging', 'plans/staging.json'], ENV);
    expect(staging.code, staging.stderr).toBe(0);
    expect(usernames(w.emulators['staging'])).toEqual(['admin:admin', 'alice:standard', 'bob:admin']);
    const again = await w.cli(['plan', '--fleet', 'fleet.yaml', '--target', 'prod,staging', '--detailed-exitcode'], ENV);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^prod\s+no changes\s+0\nstaging\s+no changes\s+0$/m);
  });

  it('refuses a target whose Portainer is another instance, sending it no authenticated request', async () => {
    const w = await open(fleetFile({ prodInstance: 'restored-elsewhere' }));
    const result = await w.cli(['plan', '--fleet', 'fleet.yaml', '--target', 'prod'], ENV);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`Error: prod: ${w.emulators['prod']?.url} is Portainer instance prod-instance-0001, not the pinned restored-elsewhere; nothing was read or changed\n`);
    const sent = w.emulators['prod']?.requests.map((request) => `${request.method} ${request.path} ${request.auth}`) ?? [];
    expect(sent.every((request) => /^GET \/api\/(system\/status|settings\/public|users\/admin\/check) none$/.test(request))).toBe(true);
    expect(sent).toContain('GET /api/system/status none');
  });

  it('names the file, line and column of an error in a layered file, and plans the other targets', async () => {
    const w = await open(fleetFile(), { prod: 'version: 1\nusers:\n  - username: carol\n    role: boss\n' });
    const result = await w.cli(['plan', '--fleet', 'fleet.yaml', '--target', 'prod,staging'], ENV);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Error: prod: ${join('overlays', 'prod.yaml')}:4:11: users[0].role: must be admin or standard, got "boss"`);
    expect(result.stdout).toMatch(/^staging\s+1 to add\s+0$/m);
  });
});

describe('layered manifests with -f', () => {
  it('plan and validate merge them; a saved plan is refused once any of its files changed', async () => {
    const w = await open();
    const env = { PORTAINER_URL: w.emulators['prod']?.url ?? '' };
    const valid = await w.cli(['validate', '-f', 'users.yaml', '-f', 'overlays/prod.yaml']);
    expect(valid).toEqual({ code: 0, stdout: `users.yaml + ${join('overlays', 'prod.yaml')}: valid (2 admins, 2 standard users)\n`, stderr: '' });
    const planned = await w.cli(['plan', '-f', 'users.yaml', '-f', 'overlays/prod.yaml', '--out', 'prod.json'], env);
    expect(planned.code).toBe(0);
    expect(planned.stdout).toContain(`Plan for ${w.emulators['prod']?.url} from users.yaml + overlays/prod.yaml\nInstance: prod-instance-0001\n`);
    w.write({ 'overlays/prod.yaml': `${PROD}  - username: dave\n` });
    const stale = await w.cli(['apply', 'prod.json'], env);
    expect(stale).toMatchObject({ code: 1, stderr: `Error: saved plan is stale: one of the manifests users.yaml, overlays/prod.yaml changed since the plan was made; run plan again\n` });
    expect(changes(w.emulators['prod'])).toEqual([]);
  });
});

describe('apply --fleet --target', () => {
  it('applies one target and leaves the others untouched', async () => {
    const w = await open();
    const result = await w.cli(['apply', '--fleet', 'fleet.yaml', '--target', 'staging', '--auto-approve'], ENV);
    expect(result.code, result.stderr).toBe(0);
    expect(usernames(w.emulators['staging'])).toEqual(['admin:admin', 'alice:standard', 'bob:admin']);
    expect(usernames(w.emulators['prod'])).toEqual(['admin:admin', 'alice:standard']);
    expect(w.emulators['prod']?.requests).toEqual([]);
  });
});

describe('targets --fleet', () => {
  it('prints a JSON array for a CI matrix, offline', async () => {
    const w = await open();
    const result = await w.cli(['targets', '--fleet', 'fleet.yaml', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      { name: 'prod', url: w.emulators['prod']?.url, manifests: ['users.yaml', join('overlays', 'prod.yaml')] },
      { name: 'staging', url: w.emulators['staging']?.url, manifests: ['users.yaml', join('overlays', 'staging.yaml')] },
      { name: 'dr', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), manifests: ['users.yaml'] },
    ]);
    expect(w.emulators['prod']?.requests).toEqual([]);
  });
});

describe('fleet usage errors', () => {
  it('are one line and a pointer to help: connection options beside --fleet, an unknown target, apply without one target', async () => {
    const w = await open();
    const cases: [string[], string][] = [
      [['plan', '--fleet', 'fleet.yaml', '--url', 'http://x', '--api-key', 'k'], "Error: --url, --api-key cannot go with --fleet: each target's URL, credentials and manifests come from the fleet file"],
      [['drift', '--fleet', 'fleet.yaml', '-f', 'users.yaml'], "Error: -f cannot go with --fleet: each target's URL, credentials and manifests come from the fleet file"],
      [['plan', '--fleet', 'fleet.yaml', '--target', 'prod,qa'], 'Error: fleet.yaml has no target "qa"; its targets are prod, staging, dr'],
      [['apply', '--fleet', 'fleet.yaml', '--target', 'prod,staging'], 'Error: apply --fleet needs --target NAME: apply changes one Portainer at a time'],
      [['plan', '-f', 'users.yaml', '--target', 'prod'], 'Error: --target goes with --fleet FILE: it selects targets of a fleet file'],
      [['drift', '-f', 'users.yaml', '-f', 'overlays/prod.yaml', '--write'], 'Error: --write edits one manifest file, and with 2 layered files a difference the server has could belong in any of them; give one -f, or use the text, json or markdown report and edit the file it belongs in'],
    ];
    for (const [args, line] of cases) {
      const result = await w.cli(args);
      const command = args[0] as string;
      expect({ args, code: result.code, stderr: result.stderr }).toEqual({ args, code: 1, stderr: `${line}\nRun 'portainer-users ${command} --help' for usage.\n` });
    }
    expect(existsSync(join(w.dir, 'plans'))).toBe(false);
  });
});

describe('a target without credentials', () => {
  it('is named, with its fleet file, by plan and apply, which exit 1 having changed nothing', async () => {
    // No credentials in the fleet file, and its one manifest has no admin block.
    const w = await open(`${fleetFile()}  - name: bare\n    url: {{url:staging}}\n    manifests: [overlays/staging.yaml]\n`);
    for (const args of [['plan', '--fleet', 'fleet.yaml', '--target', 'bare'], ['apply', '--fleet', 'fleet.yaml', '--target', 'bare', '--auto-approve']]) {
      const result = await w.cli(args, ENV);
      expect(result.code, result.stderr).toBe(1);
      const error = result.stderr.split('\n').find((line) => line.startsWith('Error: ')) ?? '';
      expect(error.replace(/^Error: (bare: )?/, '')).toMatch(/\bbare\b/);
      expect(error).toContain('fleet.yaml');
      expect(error).not.toContain('--api-key');
    }
    expect(changes(w.emulators['staging'])).toEqual([]);
  });
});

describe('examples/fleet', () => {
  it('plans every target against its Portainer (pinned, each its own credentials), and applies one of them', async () => {
    world = await startExampleFleet();
    const plan = await world.cli(['plan', '--fleet', 'fleet.yaml', '--detailed-exitcode'], EXAMPLE_FLEET_SECRETS);
    expect(plan.code, plan.stderr).toBe(2);
    // The production sites' own admin (Id 1) is not in their manifests: its delete is held, said per target on stderr.
    expect(plan.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^Warning: prod-eu: user\.admin: not deleted: it is Portainer's initial administrator/),
      expect.stringMatching(/^Warning: prod-us: user\.admin: not deleted: it is Portainer's initial administrator/),
    ]);
    expect(plan.stdout).toMatch(/^prod-eu\s+10 to add\s+0$/m);
    expect(plan.stdout).toMatch(/^prod-us\s+7 to add\s+0$/m);
    expect(plan.stdout).toMatch(/^staging\s+7 to add\s+0$/m);
    const apply = await world.cli(['apply', '--fleet', 'fleet.yaml', '--target', 'prod-eu', '--auto-approve'], EXAMPLE_FLEET_SECRETS);
    expect(apply.code, apply.stderr).toBe(0);
    expect(usernames(world.emulators['prod-eu'])).toEqual(['admin:admin', 'alice:admin', 'bob:standard', 'carol:standard', 'erin:admin']);
    expect(world.emulators['prod-eu']?.listAccess().find((holder) => holder.name === 'production')?.teams.map((team) => `${team.name}:${team.roleId}`).sort()).toEqual(['developers:3', 'ops:1']);
    const again = await world.cli(['plan', '--fleet', 'fleet.yaml', '--target', 'prod-eu', '--detailed-exitcode'], EXAMPLE_FLEET_SECRETS);
    expect(again.code).toBe(0);
    expect(world.emulators['prod-us']?.listUsers().map((user) => user.username)).toEqual(['admin']);
  });
});
