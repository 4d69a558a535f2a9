import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { digestChanges } from '../../src/plan-format/index.js';
import { summarize, type Change } from '../../src/plan/index.js';
import { manifest } from '../support/manifests.js';
import { expectNoSecretsIn, filesWritten } from '../support/secrets.js';
import { seedAdmin } from '../support/seeds.js';
import { runCli } from '../support/cli.js';
import { mutatingRequests, PASSWORD_ENV, PASSWORDS, startWorld, type World } from '../support/world.js';

/**
 * The plan reviewed is the plan applied: a saved plan is checked whole,
 * planned afresh and compared before any change; every apply passes its
 * pre-flight before the first write. Each refusal is counted in writes to
 * Portainer: there must be none.
 */

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const PRUNING = manifest(
  [
    { username: 'alice', role: 'admin', passwordEnv: 'ALICE_PASSWORD' },
    { username: 'carol', passwordEnv: 'CAROL_PASSWORD' },
  ],
  "prune:\n  users: true\n  protect: ['break-glass-*']\n",
);

const SEED = {
  users: [
    seedAdmin(),
    { username: 'alice', password: PASSWORDS.alice, role: 'admin' as const },
    { username: 'bob', password: PASSWORDS.bob, role: 'standard' as const },
    { username: 'break-glass-1', password: 'break-glass-password-1', role: 'admin' as const },
  ],
};

/** A world whose plan creates carol and deletes bob, and holds back the delete of break-glass-1; saved as plan.json. */
async function planned(yaml = PRUNING): Promise<World> {
  world = await startWorld(yaml, { seed: SEED });
  const saved = await world.cli(['plan', '-f', 'users.yaml', '--out', 'plan.json']);
  expect(saved.code).toBe(0);
  world.emulator.clearRequests();
  return world;
}

interface PlanFile {
  changes: Change[];
  summary: Record<string, number>;
  changesDigest: string;
  errors: { address: string; message: string }[];
  warnings: string[];
  problems: Record<string, unknown>[];
  applyable: boolean;
  [key: string]: unknown;
}

/** Edits plan.json as someone with write access to the pipeline might; `reseal` recomputes its digest and summary, as a careful forger would. */
function tamper(w: World, edit: (plan: PlanFile) => void, reseal = false): void {
  const path = join(w.dir, 'plan.json');
  const plan = JSON.parse(readFileSync(path, 'utf8')) as PlanFile;
  edit(plan);
  if (reseal) {
    plan.changesDigest = digestChanges(plan.changes);
    plan.summary = { ...summarize(plan.changes) };
  }
  writeFileSync(path, JSON.stringify(plan, null, 2));
}

function userId(w: World, username: string): number {
  const user = w.emulator.findUser(username);
  if (!user) throw new Error(`no ${username} in the emulator`);
  return user.id;
}

async function expectRefused(w: World, args: string[], words: RegExp, env: Record<string, string> = {}) {
  const result = await w.cli(args, env);
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(words);
  expect(result.stderr).not.toMatch(/unexpected/);
  expect(mutatingRequests(w.emulator)).toEqual([]);
  return result;
}

describe('apply PLANFILE: a tampered plan is refused before any write', () => {
  it('refuses an unknown action, naming the field, before sending any request', async () => {
    const w = await planned();
    tamper(w, (plan) => void ((plan.changes[1] as { action: string }).action = 'explode'));
    await expectRefused(w, ['apply', 'plan.json'], /plan\.json: changes\[1\]\.action must be create, update, replace or delete, got "explode"/);
    expect(w.emulator.requests).toEqual([]);
  });

  it('refuses an unknown kind and a field a change does not have', async () => {
    const w = await planned();
    tamper(w, (plan) => void ((plan.changes[0] as { kind: string }).kind = 'group'), true);
    await expectRefused(w, ['apply', 'plan.json'], /changes\[0\]\.kind must be admin-init, user, user-password, api-key, team, team-membership, environment-access or group-access, got "group"/);
    await w.cli(['plan', '-f', 'users.yaml', '--out', 'plan.json']);
    w.emulator.clearRequests();
    tamper(w, (plan) => void ((plan.changes[0] as unknown as Record<string, unknown>)['role'] = 'admin'), true);
    await expectRefused(w, ['apply', 'plan.json'], /changes\[0\] has an unknown field "role"/);
  });

  it('refuses an appended change whose digest was not recomputed', async () => {
    const w = await planned();
    tamper(w, (plan) =>
      plan.changes.push({ address: 'user.alice', kind: 'user', action: 'delete', userId: userId(w, 'alice'), before: { username: 'alice', role: 'admin' }, after: null }),
    );
    await expectRefused(w, ['apply', 'plan.json'], /changesDigest does not match its changes/);
  });

  it('refuses a falsified summary and injected errors', async () => {
    const w = await planned();
    tamper(w, (plan) => void (plan.summary = { create: 0, update: 0, replace: 0, delete: 0 }));
    await expectRefused(w, ['apply', 'plan.json'], /summary does not count its changes/);
    await w.cli(['plan', '-f', 'users.yaml', '--out', 'plan.json']);
    w.emulator.clearRequests();
    tamper(w, (plan) => {
      plan.errors.push({ address: 'user.carol', message: 'made up' });
      plan.problems.push({ severity: 'error', code: 'password.missing', address: 'user.carol', message: 'made up', username: 'carol', purpose: 'user-create' });
      plan.applyable = false;
    });
    await expectRefused(w, ['apply', 'plan.json'], /the plan has errors/);
  });

  it("refuses format 1's errors or warnings that disagree with its problems (an edited file), before any request", async () => {
    const w = await planned();
    // An error added where plan writes sentences only, the problems and applyable left as they were.
    tamper(w, (plan) => plan.errors.push({ address: 'user.carol', message: 'made up' }));
    await expectRefused(w, ['apply', 'plan.json'], /^Error: plan\.json: its errors disagree with its problems \(the file was edited after plan wrote it\); nothing was applied$/m);
    await w.cli(['plan', '-f', 'users.yaml', '--out', 'plan.json']);
    w.emulator.clearRequests();
    // The held delete's warning taken out, as if nothing were held back.
    tamper(w, (plan) => void (plan.warnings = []));
    await expectRefused(w, ['apply', 'plan.json'], /^Error: plan\.json: its warnings disagree with its problems/m);
    expect(w.emulator.requests).toEqual([]);
  });

  it('refuses a resealed delete of a protected user: a fresh plan does not delete it', async () => {
    const w = await planned();
    tamper(
      w,
      (plan) =>
        plan.changes.push({
          address: 'user.break-glass-1',
          kind: 'user',
          action: 'delete',
          userId: userId(w, 'break-glass-1'),
          before: { username: 'break-glass-1', role: 'admin' },
          after: null,
        }),
      true,
    );
    await expectRefused(w, ['apply', 'plan.json'], /plan\.json would delete user\.break-glass-1, which a fresh plan does not/);
    expect(w.emulator.findUser('break-glass-1')).toBeDefined();
  });

  it('refuses a resealed demotion of user Id 1', async () => {
    const w = await planned();
    tamper(
      w,
      (plan) =>
        plan.changes.splice(1, 0, {
          address: 'user.admin',
          kind: 'user',
          action: 'update',
          userId: 1,
          username: 'admin',
          before: { role: 'admin' },
          after: { role: 'standard' },
          fields: ['role'],
        }),
      true,
    );
    await expectRefused(w, ['apply', 'plan.json'], /would update user\.admin, which a fresh plan does not/);
    expect(w.emulator.findUser('admin')?.role).toBe('admin');
  });

  it('refuses a resealed change moved to another user, naming the address and the field', async () => {
    const w = await planned();
    const alice = userId(w, 'alice');
    tamper(
      w,
      (plan) => {
        const bob = plan.changes.find((change) => change.address === 'user.bob') as { userId: number };
        bob.userId = alice;
      },
      true,
    );
    await expectRefused(w, ['apply', 'plan.json'], new RegExp(`at user\\.bob, userId is ${alice} in plan\\.json and ${userId(w, 'bob')} in a fresh plan`));
    expect(w.emulator.findUser('alice')).toBeDefined();
  });

  it('applies the untouched plan, from the plan alone: no --url needed, another --url refused', async () => {
    const w = await planned();
    await expectRefused(w, ['apply', 'plan.json'], /was made for http:\/\/127\.0\.0\.1:\d+, not http:\/\/localhost:1/, { PORTAINER_URL: 'http://localhost:1' });
    const applied = await w.cli(['apply', 'plan.json'], { PORTAINER_URL: '' });
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(w.emulator.findUser('carol')).toBeDefined();
    expect(w.emulator.findUser('bob')).toBeUndefined();
    expect(w.emulator.findUser('break-glass-1')).toBeDefined();
    expectNoSecretsIn([applied.stdout, applied.stderr, ...filesWritten(w.dir)], Object.values(PASSWORDS));
  });
});

describe('apply PLANFILE: what the file alone decides is refused before the server is read', () => {
  it('refuses a plan that creates keys without --secrets-out, sending no request at all', async () => {
    world = await startWorld(manifest([{ username: 'carol', passwordEnv: 'CAROL_PASSWORD', apiKeys: ['ci'] }]), { seed: { users: [seedAdmin()] } });
    expect((await world.cli(['plan', '-f', 'users.yaml', '--out', 'plan.json'])).code).toBe(0);
    world.emulator.clearRequests();
    await expectRefused(world, ['apply', 'plan.json'], /^Error: this plan creates API keys, whose raw values Portainer shows only once: give --secrets-out FILE/m);
    expect(world.emulator.requests).toEqual([]);
  });

  it('says, run from another folder, that the plan names its manifest relative to where plan ran', async () => {
    const w = await planned();
    mkdirSync(join(w.dir, 'elsewhere'));
    const result = await runCli(['apply', join(w.dir, 'plan.json')], { cwd: join(w.dir, 'elsewhere'), env: { ...PASSWORD_ENV, PORTAINER_URL: w.emulator.url } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Error: cannot read users\.yaml, the manifest .*plan\.json names: no such file; .*relative to the folder plan ran in, so run apply from that folder/m);
    expect(w.emulator.requests).toEqual([]);
  });
});

describe('pre-flight: whatever would stop apply half-way stops it before the first write', () => {
  it('refuses a saved plan whose secret is gone at apply time', async () => {
    const w = await planned();
    await expectRefused(w, ['apply', 'plan.json'], /user\.carol: .*CAROL_PASSWORD is empty/, { CAROL_PASSWORD: '' });
    expect(w.emulator.findUser('bob')).toBeDefined();
  });

  it('refuses a secrets file in a folder that does not exist, a folder, and a FIFO', async () => {
    const yaml = manifest([{ username: 'carol', passwordEnv: 'CAROL_PASSWORD', apiKeys: ['ci'] }]);
    world = await startWorld(yaml, { seed: { users: [seedAdmin()] } });
    const w = world;
    mkdirSync(join(w.dir, 'a-folder'));
    execFileSync('mkfifo', [join(w.dir, 'a-fifo')]);
    const apply = (out: string) => ['apply', '-f', 'users.yaml', '--auto-approve', '--secrets-out', out];
    await expectRefused(w, apply('missing/keys.json'), /cannot write the secrets file missing\/keys\.json: its folder missing does not exist/);
    await expectRefused(w, apply('a-folder'), /cannot write the secrets file a-folder: it is a folder/);
    await expectRefused(w, apply('a-fifo'), /cannot write the secrets file a-fifo: it is not a regular file/);
    expect(w.emulator.findUser('carol')).toBeUndefined();
  });

  it('applies nothing from a plan with errors', async () => {
    world = await startWorld(manifest([{ username: 'carol' }]), { seed: { users: [seedAdmin()] } });
    const result = await world.cli(['apply', '-f', 'users.yaml', '--auto-approve']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Error: user\.carol:/);
    expect(result.stdout).not.toMatch(/Error:/);
    expect(mutatingRequests(world.emulator)).toEqual([]);
  });
});

describe('apply -f --expect-digest: the reviewed digest instead of a plan file', () => {
  it('applies when the fresh plan has the reviewed digest, and refuses otherwise', async () => {
    const w = await planned();
    const reviewed = (JSON.parse(readFileSync(join(w.dir, 'plan.json'), 'utf8')) as PlanFile).changesDigest;
    const other = `sha256:${'0'.repeat(64)}`;
    await expectRefused(w, ['apply', '-f', 'users.yaml', '--expect-digest', other], new RegExp(`changes digest ${reviewed}, not the reviewed ${other}`));
    w.emulator.setRole('alice', 'standard');
    await expectRefused(w, ['apply', '-f', 'users.yaml', '--expect-digest', reviewed], /not the reviewed/);
    w.emulator.setRole('alice', 'admin');
    const applied = await w.cli(['apply', '-f', 'users.yaml', '--expect-digest', reviewed]);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain(`Changes digest: ${reviewed}`);
    expect(w.emulator.findUser('carol')).toBeDefined();
  });

  it('refuses a digest that is not one, as a usage error', async () => {
    const w = await planned();
    await expectRefused(w, ['apply', '-f', 'users.yaml', '--expect-digest', 'abc'], /--expect-digest must be the changesDigest of a plan/);
  });
});

describe('the plan object', () => {
  it('shows problems, held changes, applyable and changesDigest', async () => {
    const w = await planned();
    const plan = JSON.parse(readFileSync(join(w.dir, 'plan.json'), 'utf8')) as PlanFile & { held: { change: Change; code: string }[] };
    expect(plan.applyable).toBe(true);
    expect(plan.changesDigest).toBe(digestChanges(plan.changes));
    expect(plan.held.map((held) => `${held.code} ${held.change.action} ${held.change.address}`)).toEqual(['held.protected delete user.break-glass-1']);
    expect(plan.problems.map((problem) => `${String(problem['severity'])} ${String(problem['code'])} ${String(problem['address'])}`)).toEqual([
      'warning held.protected user.break-glass-1',
    ]);
  });

  it('says that held differences remain when nothing else differs', async () => {
    world = await startWorld(manifest([], "prune:\n  users: true\n  protect: ['break-glass-*']\n"), {
      seed: { users: [seedAdmin(), { username: 'break-glass-1', password: 'break-glass-password-1', role: 'admin' }] },
    });
    const result = await world.cli(['plan', '-f', 'users.yaml', '--detailed-exitcode']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/No changes to apply; 1 difference is held back for safety: user\.break-glass-1/);
    expect(result.stdout).not.toMatch(/match the manifest/);
  });
});
