import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EmulatorSeed } from '../../src/emulator/index.js';
import { HEADER } from '../support/manifests.js';
import { seedAdmin } from '../support/seeds.js';
import { PASSWORDS, mutatingRequests, worldPerTest, type World } from '../support/world.js';

/**
 * Keys over time, end to end: a rotation with an overlap, `--replace`, and a
 * promotion made in the UI behind Git's back. The server's clock is moved by
 * seeding key dates, never by sleeping.
 */

const open = worldPerTest();

const DAY = 86_400;
const now = () => Math.floor(Date.now() / 1000);
const RAW_OLD = `ptr_${'o'.repeat(43)}=`;
const RAW_NEXT = `ptr_${'n'.repeat(43)}=`;
const APPLY = ['apply', '-f', 'users.yaml', '--auto-approve', '--secrets-out', 'secrets.json'];

/** Whose key a raw value is now: the username, or the status Portainer answers (401 for a key that is gone). */
async function holderOf(w: World, raw: string): Promise<string | number> {
  const me = await fetch(`${w.emulator.url}/api/users/me`, { headers: { 'X-API-Key': raw } });
  return me.status === 200 ? ((await me.json()) as { Username: string }).Username : me.status;
}

function filedKey(w: World, username: string, description: string): string {
  return (JSON.parse(readFileSync(join(w.dir, 'secrets.json'), 'utf8')) as { users: Record<string, Record<string, string>> }).users[username]?.[description] as string;
}

function aliceWith(keys: { key: string; ageDays: number }[]): EmulatorSeed {
  return { users: [seedAdmin(), { username: 'alice', password: PASSWORDS.alice, apiKeys: keys.map(({ key, ageDays }) => ({ description: 'deploy', key, dateCreated: now() - ageDays * DAY })) }] };
}

const OVERLAPPING = `${HEADER}users:
  - username: alice
    password: { env: ALICE_PASSWORD }
    apiKeys:
      - description: deploy
        rotateAfter: 90d
        overlap: 7d
`;

describe('rotation with an overlap', () => {
  it('creates the successor and keeps the old key working, saying until when', async () => {
    const w = await open(OVERLAPPING, aliceWith([{ key: RAW_OLD, ageDays: 100 }]));
    const applied = await w.cli(APPLY);
    expect(applied.stderr).toBe('');
    expect(applied.stdout).toContain('+ user.alice.apiKey[deploy]');
    expect(applied.stdout).toContain('old key: keeps working until 7d (overlap) after this key is created; the first plan after that deletes it');
    expect(applied.stdout).toMatch(/Note: user\.alice\.apiKey\[deploy\]: the key it succeeds \(Id \d+\) keeps working until \d{4}-\d\d-\d\dT/);
    expect(mutatingRequests(w.emulator).map((request) => request.method)).toEqual(['POST']);
    const successor = filedKey(w, 'alice', 'deploy');
    expect(await holderOf(w, RAW_OLD)).toBe('alice');
    expect(await holderOf(w, successor)).toBe('alice');

    const next = await w.cli(['plan', '-f', 'users.yaml', '--detailed-exitcode']);
    expect(next.code).toBe(0);
    expect(next.stderr).toMatch(/^Warning: user\.alice\.apiKey\[deploy\]#\d+: kept until \d{4}-/m);
  });

  it('deletes the old key by the first plan after the successor is older than the overlap', async () => {
    const w = await open(OVERLAPPING, aliceWith([{ key: RAW_OLD, ageDays: 100 }, { key: RAW_NEXT, ageDays: 8 }]));
    const applied = await w.cli(APPLY);
    expect(applied.stderr).toBe('');
    expect(applied.stdout).toMatch(/- user\.alice\.apiKey\[deploy\]#\d+\n(.*\n){2}      reason: its successor was created .*, more than 7d \(overlap\) ago/);
    expect(await holderOf(w, RAW_OLD)).toBe(401);
    expect(await holderOf(w, RAW_NEXT)).toBe('alice');
    expect((await w.cli(['plan', '-f', 'users.yaml', '--detailed-exitcode'])).code).toBe(0);
  });
});

const ONE_KEY = `${HEADER}users:
  - username: alice
    password: { env: ALICE_PASSWORD }
    apiKeys:
      - description: deploy
`;

describe('--replace', () => {
  it('refuses an address that names no key of the manifest in one line, reading nothing from the server', async () => {
    const w = await open(ONE_KEY, aliceWith([{ key: RAW_OLD, ageDays: 1 }]));
    for (const args of [
      ['plan', '-f', 'users.yaml', '--replace', 'user.alice.apiKey[laptop]'],
      ['apply', '-f', 'users.yaml', '--auto-approve', '--replace', 'user.zed.apiKey[deploy]'],
      ['plan', '-f', 'users.yaml', '--replace', 'team.ops'],
    ]) {
      const refused = await w.cli(args);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toMatch(/^Error: --replace .*\nRun 'portainer-users (plan|apply) --help' for usage\.\n$/);
    }
    expect(w.emulator.requests).toEqual([]);
  });

  it('replaces the key now: the old raw value stops working and the new one is filed, from a saved plan too', async () => {
    const w = await open(ONE_KEY, aliceWith([{ key: RAW_OLD, ageDays: 1 }]));
    const planned = await w.cli(['plan', '-f', 'users.yaml', '--replace', 'user.Alice.apiKey[deploy]', '--out', 'plan.json']);
    expect(planned.stdout).toContain('-/+ user.alice.apiKey[deploy]');
    expect(planned.stdout).toContain('reason: asked for with --replace');
    expect(JSON.parse(readFileSync(join(w.dir, 'plan.json'), 'utf8')).replace).toEqual(['user.alice.apiKey[deploy]']);

    const applied = await w.cli(['apply', 'plan.json', '--secrets-out', 'secrets.json']);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    const replacement = filedKey(w, 'alice', 'deploy');
    expect(await holderOf(w, RAW_OLD)).toBe(401);
    expect(await holderOf(w, replacement)).toBe('alice');

    // A reviewed digest is of a plan with the replacement: apply -f reproduces it only with the same --replace.
    const reviewed = JSON.parse((await w.cli(['plan', '-f', 'users.yaml', '--json', '--replace', 'user.alice.apiKey[deploy]'])).stdout).changesDigest as string;
    const withoutReplace = await w.cli(['apply', '-f', 'users.yaml', '--expect-digest', reviewed, '--secrets-out', 'secrets.json']);
    expect(withoutReplace.code).toBe(1);
    expect(withoutReplace.stderr).toContain(`not the reviewed ${reviewed}`);
    const again = await w.cli(['apply', '-f', 'users.yaml', '--expect-digest', reviewed, '--secrets-out', 'secrets.json', '--replace', 'user.alice.apiKey[deploy]']);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(await holderOf(w, replacement)).toBe(401);
    expect(await holderOf(w, filedKey(w, 'alice', 'deploy'))).toBe('alice');
  });
});

describe('a promotion behind Git\'s back', () => {
  it('holds the keys it can no longer read, plans the rest (exit 2), and drift offers the promotion', async () => {
    const w = await open(ONE_KEY, aliceWith([{ key: RAW_OLD, ageDays: 1 }]));
    w.emulator.setRole('alice', 'admin');
    const noPassword = { ALICE_PASSWORD: '' };
    const plan = await w.cli(['plan', '-f', 'users.yaml', '--detailed-exitcode'], noPassword);
    // The held keys' warning is the one line on stderr (the streams rule: docs/commands.md).
    expect(plan.stderr).toMatch(/^Warning: user\.alice\.apiKeys: [^\n]*\n$/);
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('~ user.alice\n      role: "admin" -> "standard"');

    const patch = await w.cli(['drift', '-f', 'users.yaml', '--format', 'patch'], noPassword);
    expect(patch.code).toBe(2);
    expect(patch.stdout).toContain('+    role: admin');
    // --write reports the drift it accepted (exit 2) and writes the manifest.
    const accepted = await w.cli(['drift', '-f', 'users.yaml', '--write'], noPassword);
    expect(accepted.stdout).toContain('Wrote users.yaml: 1 edit accepts');
    expect(readFileSync(w.manifestPath, 'utf8')).toContain('  - username: alice\n    role: admin\n');
    const after = await w.cli(['plan', '-f', 'users.yaml', '--detailed-exitcode'], noPassword);
    expect(after.code).toBe(0);
    expect(after.stderr).toMatch(/^Warning: user\.alice\.apiKeys:/m);
  });
});
