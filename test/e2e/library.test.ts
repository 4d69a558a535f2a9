import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  applyPlan,
  detectDrift,
  loadManifest,
  makePlan,
  observe,
  passwordFor,
  PortainerClient,
  PreflightError,
  preparePlan,
  renderPlanText,
  Secret,
  startEmulator,
  toDesiredState,
  type Emulator,
} from '../../src/index.js';
import { manifest, withPasswords } from '../support/manifests.js';
import { CONVERGED_BASIC } from '../support/seeds.js';
import { PASSWORD_ENV, PASSWORDS } from '../support/world.js';

let emulator: Emulator | undefined;
let dir: string | undefined;
afterEach(async () => {
  await emulator?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  emulator = undefined;
  dir = undefined;
  for (const name of Object.keys(PASSWORD_ENV)) delete process.env[name];
});

const MANIFEST = manifest([{ username: 'alice', role: 'admin', passwordEnv: 'ALICE_PASSWORD' }, ...withPasswords('bob', 'carol')], `teams:
  - name: developers
    leaders: [alice]
    members: [bob]
`);

/** design.md's library API (src/index.ts): loadManifest, observe, plan and the renderers, without the CLI. */
describe('the library API', () => {
  it('loads a manifest, observes a server, plans and renders, as the CLI does', async () => {
    emulator = await startEmulator({ port: 0, seed: CONVERGED_BASIC });
    dir = mkdtempSync(join(tmpdir(), 'pu-library-'));
    const file = join(dir, 'users.yaml');
    writeFileSync(file, MANIFEST);
    for (const [name, value] of Object.entries(PASSWORD_ENV)) process.env[name] = value;

    const loaded = await loadManifest(file);
    const desired = toDesiredState(loaded);
    const client = new PortainerClient({ url: emulator.url, auth: { kind: 'password', username: 'admin', password: new Secret(PASSWORDS.admin) } });
    const observed = await observe(client, desired, { runningAs: 'admin', passwordFor: (username) => passwordFor(loaded, username) });
    expect(observed.teams).toEqual([]);

    const plan = makePlan(
      desired,
      observed,
      { now: 1_700_000_000, minPasswordLength: 12, runningAs: 'admin', setupToken: { required: false, given: false }, allowMassDelete: false },
      { target: emulator.url, manifest: file, manifestDigest: loaded.digest, observedDigest: 'sha256:test' },
    );
    expect(plan.changes.map((change) => `${change.action} ${change.address}`)).toEqual([
      'create user.carol',
      'create team.developers',
      'create team.developers.member[alice]',
      'create team.developers.member[bob]',
    ]);
    expect(renderPlanText(plan, { color: false })).toContain('Plan: 4 to add, 0 to change, 0 to replace, 0 to destroy.');
    expect(detectDrift(plan, observed, desired).status).toBe('drifted');
  });

  it('prepares and applies a plan through the session the CLI uses, pre-flight included', async () => {
    emulator = await startEmulator({ port: 0, seed: CONVERGED_BASIC });
    dir = mkdtempSync(join(tmpdir(), 'pu-library-'));
    const file = join(dir, 'users.yaml');
    writeFileSync(file, MANIFEST);
    for (const [name, value] of Object.entries(PASSWORD_ENV)) process.env[name] = value;
    const target = { url: emulator.url, username: 'admin', password: PASSWORDS.admin };

    const prepared = await preparePlan(target, { manifest: file, allowMassDelete: false });
    expect(prepared.plan.applyable).toBe(true);
    expect(prepared.plan.summary).toEqual({ create: 4, update: 0, replace: 0, delete: 0 });

    delete process.env['CAROL_PASSWORD'];
    await expect(applyPlan(prepared)).rejects.toBeInstanceOf(PreflightError);
    expect(emulator.findUser('carol')).toBeUndefined();

    process.env['CAROL_PASSWORD'] = PASSWORDS.carol;
    const { result } = await applyPlan(prepared);
    expect(result.failed).toBeUndefined();
    expect(result.applied).toHaveLength(4);
    expect(emulator.findUser('carol')).toBeDefined();
    expect((await preparePlan(target, { manifest: file, allowMassDelete: false })).plan.changes).toEqual([]);
  });
});
