import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan, lockApply, preparePlan } from '../../src/index.js';
import { spawnCli } from '../reliability/support.js';
import { HEADER } from '../support/manifests.js';
import { PASSWORD_ENV, PASSWORDS, startWorld, type World } from '../support/world.js';

/**
 * Portainer replaces an access map whole on `PUT` and has no version, so
 * other writers can undo the tool's grants. On one machine the apply lock
 * keeps two applies apart; across machines (and against the UI) every `PUT`
 * is read back, and a grant undone is written again or the apply fails
 * naming it: never "Apply complete!" with a planned grant missing.
 */

const ENVIRONMENTS = Array.from({ length: 30 }, (_, index) => `env-${String(index + 1).padStart(2, '0')}`);

/** Grants one user on every environment, leaving everyone else's grants alone. */
function grantsFor(username: string, environments = ENVIRONMENTS): string {
  const users = ['alice', 'bob'].map((name) => `  - username: ${name}\n    password: { env: ${name.toUpperCase()}_PASSWORD }\n`).join('');
  const listed = environments.map((name) => `  - name: ${name}\n    users: [${username}]\n`).join('');
  return `${HEADER}users:\n${users}environments:\n${listed}prune:\n  access: false\n`;
}

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function accessWorld(manifest: string, latencyMs = 0): Promise<World> {
  world = await startWorld(manifest, {
    latencyMs,
    seed: {
      users: [{ username: 'admin', password: PASSWORDS.admin, role: 'admin' }, { username: 'alice', password: PASSWORDS.alice }, { username: 'bob', password: PASSWORDS.bob }],
      environmentGroups: [{ name: 'edge' }],
      environments: ENVIRONMENTS.map((name) => ({ name })),
    },
  });
  writeFileSync(join(world.dir, 'bob.yaml'), grantsFor('bob'));
  return world;
}

function holders(w: World, username: string): string[] {
  return w.emulator.listAccess().filter((holder) => holder.users.some((user) => user.name === username)).map((holder) => holder.name);
}

const APPLY = ['--auto-approve'];

describe('two applies at once on the same 30 environments (latency on)', () => {
  it('on one machine: the second stops at once in one sentence naming the holder, changing nothing, and run again completes', async () => {
    const w = await accessWorld(grantsFor('alice'), 50);
    const first = spawnCli(w, ['apply', '-f', 'users.yaml', ...APPLY, '--concurrency', '2']);
    // The plan is printed under the lock; the PUTs of 30 environments follow.
    await first.waitForOutput(/^Plan: /m);
    const second = await w.cli(['apply', '-f', 'bob.yaml', ...APPLY], { PORTAINER_URL: w.emulator.url.replace('127.0.0.1', 'localhost') });
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/^Error: another apply to http:\/\/localhost:\d+ is running on this machine \(process \d+, since [^)]+\), so this one changed nothing; [^\n]*--lock-timeout[^\n]*\n$/);
    expect(second.stdout).toBe('');
    const done = await first.done;
    expect(done.code, done.stderr).toBe(0);
    expect(holders(w, 'alice')).toEqual(ENVIRONMENTS);
    expect(holders(w, 'bob')).toEqual([]);
    const again = await w.cli(['apply', '-f', 'bob.yaml', ...APPLY]);
    expect(again.code, again.stderr).toBe(0);
    expect(holders(w, 'bob')).toEqual(ENVIRONMENTS);
    expect(holders(w, 'alice')).toEqual(ENVIRONMENTS);
  }, 60_000);

  it('with --lock-timeout the second waits for the lock to be given back, then completes', async () => {
    const w = await accessWorld(grantsFor('alice', ['env-01']));
    const held = await lockApply(w.emulator.url);
    const release = setTimeout(() => held.release(), 1500);
    const started = Date.now();
    const applied = await w.cli(['apply', '-f', 'users.yaml', ...APPLY, '--lock-timeout', '1m']);
    clearTimeout(release);
    held.release();
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).toMatch(new RegExp(`^Note: waiting for another apply to this Portainer to finish \\(process ${process.pid}\\), for at most 1m\\.$`, 'm'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
    expect(holders(w, 'alice')).toEqual(['env-01']);
  });

  it('is taken by every form of apply: a saved plan and a reviewed digest stop at once too, and go ahead once it is free', async () => {
    const w = await accessWorld(grantsFor('alice', ['env-01']));
    const planned = await w.cli(['plan', '-f', 'users.yaml', '--out', 'plan.json', '--json']);
    const digest = (JSON.parse(planned.stdout) as { changesDigest: string }).changesDigest;
    const held = await lockApply(w.emulator.url);
    try {
      for (const args of [['apply', 'plan.json'], ['apply', '-f', 'users.yaml', '--expect-digest', digest]]) {
        const refused = await w.cli(args);
        expect(refused.code, args.join(' ')).toBe(1);
        expect(refused.stderr).toMatch(new RegExp(`^Error: another apply to http://127\\.0\\.0\\.1:\\d+ is running on this machine \\(process ${process.pid}, `));
      }
    } finally {
      held.release();
    }
    expect(holders(w, 'alice')).toEqual([]);
    expect((await w.cli(['apply', 'plan.json'])).code).toBe(0);
    expect(holders(w, 'alice')).toEqual(['env-01']);
  });

  it('takes over the lock of an apply that was killed', async () => {
    const w = await accessWorld(grantsFor('alice', ['env-01']), 300);
    const killed = spawnCli(w, ['apply', '-f', 'users.yaml', ...APPLY]);
    await killed.waitForOutput(/^Plan: /m);
    killed.child.kill('SIGKILL');
    await killed.done;
    w.emulator.setLatency(0);
    const applied = await w.cli(['apply', '-f', 'users.yaml', ...APPLY]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(holders(w, 'alice')).toEqual(['env-01']);
  });
});

describe('another client that writes back a stale copy right after the PUT', () => {
  it('once: the read-back notices, writes the grant again from a fresh read, and says so', async () => {
    const w = await accessWorld(grantsFor('alice', ['env-07']));
    w.emulator.grant({ environment: 'env-07' }, { user: 'bob' }, 3);
    w.emulator.writeBackStaleAccess({ environment: 'env-07' }, 1);
    const applied = await w.cli(['apply', '-f', 'users.yaml', ...APPLY]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/^Note: environment env-07 \(Id 7\): another writer undid environment\.env-07\.user\[alice\] right after the tool's PUT; written again from a fresh read, and read back as planned \(2 PUTs\)\.$/m);
    expect(applied.stdout).toContain('Apply complete!');
    expect(holders(w, 'alice')).toEqual(['env-07']);
    expect(holders(w, 'bob')).toEqual(['env-07']);
  });

  it('every time: apply fails naming the environment group and the grant, never "Apply complete!"; the read-back is a fact in the result', async () => {
    const manifest = grantsFor('alice', []).replace('environments:\n', 'environmentGroups:\n  - name: edge\n    users: [alice]\n');
    const w = await accessWorld(manifest);
    w.emulator.writeBackStaleAccess({ group: 'edge' }, Infinity);
    const applied = await w.cli(['apply', '-f', 'users.yaml', ...APPLY]);
    expect(applied.code).toBe(1);
    expect(applied.stdout).not.toContain('Apply complete!');
    expect(applied.stderr).toMatch(
      /^Error: apply failed at environmentGroup\.edge\.user\[alice\]: another writer undid the planned grant environmentGroup\.edge\.user\[alice\] after each of 3 PUTs of environment group edge \(Id 2\), so apply stops rather than report it done; /m,
    );
    expect(holders(w, 'alice')).toEqual([]);

    for (const [name, value] of Object.entries(PASSWORD_ENV)) process.env[name] = value;
    try {
      const { result } = await applyPlan(await preparePlan({ url: w.emulator.url }, { manifest: w.manifestPath, allowMassDelete: false }));
      const undone = { kind: 'group-access', resourceId: 2, resource: 'edge', grants: ['environmentGroup.edge.user[alice]'], writes: 3, repaired: false };
      expect(result.undoneAccess).toEqual([undone]);
      expect(result.failed?.undoneAccess).toEqual(undone);
    } finally {
      for (const name of Object.keys(PASSWORD_ENV)) delete process.env[name];
    }
  });
});
