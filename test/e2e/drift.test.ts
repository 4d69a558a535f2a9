import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EmulatorSeed } from '../../src/emulator/index.js';
import { goldenIn } from '../support/golden.js';
import { BASIC, manifest } from '../support/manifests.js';
import { expectNoSecretsIn } from '../support/secrets.js';
import { CONVERGED_BASIC, seedAdmin } from '../support/seeds.js';
import { mutatingRequests, PASSWORDS, startWorld, type World } from '../support/world.js';

const expectGolden = goldenIn('drift');

/** The emulator's port and the digests change every run; nothing else may. */
function normalise(text: string, world: World): string {
  return text.replaceAll(world.emulator.url, 'http://127.0.0.1:PORT').replace(/sha256:[0-9a-f]{64}/g, 'sha256:DIGEST');
}


/** 2020-09-13: older than any rotateAfter below, and the same on every run. */
const LONG_AGO = 1_600_000_000;

const MANAGED = `version: 1
admin:
  username: admin
  password: { env: PORTAINER_ADMIN_PASSWORD }
  apiKeys:
    - description: ci
users:
  - username: alice
    role: admin
    password: { env: ALICE_PASSWORD }
    apiKeys:
      - description: deploy
        rotateAfter: 90d
  - username: bob
    password: { env: BOB_PASSWORD }
    apiKeys:
      - description: laptop
  - username: carol
    password: { env: CAROL_PASSWORD }
`;

const CONVERGED_MANAGED: EmulatorSeed = {
  users: [
    seedAdmin(['ci']),
    { username: 'alice', password: PASSWORDS.alice, role: 'admin', apiKeys: [{ description: 'deploy', dateCreated: LONG_AGO }] },
    { username: 'bob', password: PASSWORDS.bob, apiKeys: [{ description: 'laptop' }] },
    { username: 'carol', password: PASSWORDS.carol },
  ],
};

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** A server that matched the manifest, then changed behind the tool's back in every way drift names. */
async function driftedWorld(): Promise<World> {
  world = await startWorld(MANAGED, { seed: CONVERGED_MANAGED });
  world.emulator.setRole('alice', 'standard');
  world.emulator.removeUser('carol');
  world.emulator.addApiKey('bob', { description: 'stolen', dateCreated: 1_700_000_000 });
  world.emulator.addUser({ username: 'dave', password: 'dave-password-01' });
  world.emulator.clearRequests();
  return world;
}

describe('drift', () => {
  it('reports a role changed, a user removed, a key added and a key past rotateAfter, and exits 2', async () => {
    const w = await driftedWorld();
    const result = await w.cli(['drift', '-f', 'users.yaml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('~ user.alice: alice has the role standard on the server, admin in the manifest');
    expect(result.stdout).toContain('+ user.carol: user carol is in the manifest but not on the server');
    expect(result.stdout).toContain('- user.bob.apiKey[stolen]');
    expect(result.stdout).toContain('-/+ user.alice.apiKey[deploy]');
    expect(result.stdout).toMatch(/dave \(standard, Id \d+\): prune.users is off/);
    expect(mutatingRequests(w.emulator)).toEqual([]);
  });

  it('prints the versioned JSON report (golden)', async () => {
    const w = await driftedWorld();
    const result = await w.cli(['drift', '-f', 'users.yaml', '--format', 'json']);
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout);
    expect(report.formatVersion).toBe(1);
    expect(report.status).toBe('drifted');
    expect(report.unmanaged.map((user: { username: string }) => user.username)).toEqual(['dave']);
    expectGolden('e2e-drifted.json', normalise(result.stdout, w));
  });

  it('writes the markdown report with --output and the verdict to stdout (golden)', async () => {
    const w = await driftedWorld();
    const result = await w.cli(['drift', '-f', 'users.yaml', '--format', 'markdown', '--output', 'drift.md']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('Drift: 4 differences between the manifest and the server. 1 unmanaged user is left alone (not drift).\n');
    expectGolden('e2e-drifted.md', normalise(readFileSync(join(w.dir, 'drift.md'), 'utf8'), w));
  });

  it('exits 0 on a server that matches the manifest', async () => {
    world = await startWorld(BASIC, { seed: CONVERGED_BASIC });
    const result = await world.cli(['drift', '-f', 'users.yaml']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("No drift. Portainer's users match the manifest.");
  });

  it('lists unmanaged users but exits 0 for them alone, unless --fail-on-unmanaged', async () => {
    world = await startWorld(BASIC, { seed: CONVERGED_BASIC });
    world.emulator.addUser({ username: 'dave', password: 'dave-password-01' });
    const lenient = await world.cli(['drift', '-f', 'users.yaml', '--format', 'json']);
    expect(lenient.code).toBe(0);
    expect(JSON.parse(lenient.stdout).unmanaged).toMatchObject([{ username: 'dave', role: 'standard', reason: 'prune.users is off' }]);
    const strict = await world.cli(['drift', '-f', 'users.yaml', '--fail-on-unmanaged']);
    expect(strict.code).toBe(2);
  });

  it("needs no password it does not use: a missing user's password only blocks apply", async () => {
    const w = await driftedWorld();
    const env = { ALICE_PASSWORD: '', BOB_PASSWORD: '', CAROL_PASSWORD: '' };
    // alice is standard now, so her keys are readable by the admin; carol's password would only be needed to create her.
    const result = await w.cli(['drift', '-f', 'users.yaml', '--format', 'json'], env);
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout);
    expect(report.errors).toEqual([]);
    expect(report.applyBlockers.map((error: { address: string }) => error.address)).toContain('user.carol');
  });

  it("lists another admin's keys it cannot read as not checked, says why, and checks the rest", async () => {
    world = await startWorld(BASIC, { seed: CONVERGED_BASIC });
    const result = await world.cli(['drift', '-f', 'users.yaml'], { ALICE_PASSWORD: '' });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Not checked (left as they are) (1):\n  user.alice.apiKeys:');
    expect(result.stdout).toContain('No drift.');
  });

  it('exits 1 with one sentence when the server cannot be reached', async () => {
    world = await startWorld(manifest([]), { seed: CONVERGED_BASIC });
    const result = await world.cli(['drift', '-f', 'users.yaml', '--timeout', '2000'], { PORTAINER_URL: 'http://127.0.0.1:9' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Error: /);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('never prints a password', async () => {
    const w = await driftedWorld();
    const outputs: string[] = [];
    for (const format of ['text', 'json', 'markdown']) {
      const result = await w.cli(['drift', '-f', 'users.yaml', '--format', format]);
      outputs.push(result.stdout, result.stderr);
    }
    expectNoSecretsIn(outputs, Object.values(PASSWORDS));
  });
});
