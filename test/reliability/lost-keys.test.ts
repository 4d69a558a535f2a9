import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lostKeyIds } from '../../src/plan/lost-keys.js';
import { readPendingKeys, SecretsSink } from '../../src/secrets-file/secrets-sink.js';
import { diff } from '../../src/plan/index.js';
import { Secret } from '../../src/secret.js';
import { desiredKey, desiredState, desiredUser, initialAdmin, observedKey, observedState, observedUser, planContext } from '../support/state-builders.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function secretsPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pu-lost-'));
  dirs.push(dir);
  return join(dir, 'secrets.json');
}

describe('the intent recorded in the secrets file', () => {
  it('is an additive field: users stays exactly as it was, and pending goes once the raw key is written', async () => {
    const path = secretsPath();
    writeFileSync(path, JSON.stringify({ users: { bob: { laptop: 'ptr_old' } } }));
    const sink = new SecretsSink(path);
    await sink.recordIntent('alice', 'deploy', [7]);
    const during = JSON.parse(readFileSync(path, 'utf8'));
    expect(during).toEqual({ users: { bob: { laptop: 'ptr_old' } }, pending: { alice: { deploy: { keysBefore: [7], requestedAt: expect.any(String) } } } });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(await readPendingKeys(path)).toEqual([{ username: 'alice', description: 'deploy', keysBefore: [7], requestedAt: during.pending.alice.deploy.requestedAt }]);

    await sink.record('alice', 'deploy', new Secret('ptr_new'), 9);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ users: { bob: { laptop: 'ptr_old' }, alice: { deploy: 'ptr_new' } }, keyIds: { alice: { deploy: 9 } } });
  });

  it('keeps the newer of two keys recorded for one description, whichever came last', async () => {
    const path = secretsPath();
    const sink = new SecretsSink(path);
    await sink.record('alice', 'deploy', new Secret('ptr_newer'), 12);
    await sink.record('alice', 'deploy', new Secret('ptr_older'), 11);
    expect(JSON.parse(readFileSync(path, 'utf8')).users.alice.deploy).toBe('ptr_newer');
  });

  it('keeps every name as a name: __proto__, constructor and toString are users and descriptions like any other', async () => {
    const path = secretsPath();
    const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];
    let id = 1;
    for (const user of names) for (const description of names) await new SecretsSink(path).record(user, description, new Secret(`ptr_${user}_${description}`), id++);
    const users = JSON.parse(readFileSync(path, 'utf8')).users;
    for (const user of names) for (const description of names) expect(Object.getOwnPropertyDescriptor(Object.getOwnPropertyDescriptor(users, user)?.value, description)?.value).toBe(`ptr_${user}_${description}`);
    await new SecretsSink(path).recordIntent('__proto__', 'constructor', [3]);
    expect(await readPendingKeys(path)).toEqual([{ username: '__proto__', description: 'constructor', keysBefore: [3], requestedAt: expect.any(String) }]);
  });

  it('merges the writes of two processes sharing the file: nothing one wrote is lost to the other', async () => {
    const path = secretsPath();
    const first = new SecretsSink(path);
    const second = new SecretsSink(path);
    await Promise.all(
      Array.from({ length: 20 }, (_, index) => (index % 2 === 0 ? first : second).record(`user${index}`, 'ci', new Secret(`ptr_${index}`), index + 1)),
    );
    expect(Object.keys(JSON.parse(readFileSync(path, 'utf8')).users)).toHaveLength(20);
  });

  it('is cleared after a complete apply, and the file is left alone when there was none', async () => {
    const path = secretsPath();
    const sink = new SecretsSink(path);
    await sink.clearPending();
    expect(() => statSync(path)).toThrow();
    await sink.recordIntent('alice', 'deploy', []);
    await sink.clearPending();
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ users: {} });
  });

  it('moves a renamed user\'s raw keys, key ids and intents to its new name, names folded; on a clash the newer key stays', async () => {
    const path = secretsPath();
    const intent = { keysBefore: [2], requestedAt: '2025-01-01T00:00:00.000Z' };
    writeFileSync(
      path,
      JSON.stringify({
        users: { Bob: { deploy: 'ptr_deploy', ci: 'ptr_ci_older', web: 'ptr_web_newer' }, robert: { ci: 'ptr_ci_newer', web: 'ptr_web_older' }, alice: { deploy: 'ptr_alice' } },
        keyIds: { Bob: { deploy: 4, ci: 3, web: 9 }, robert: { ci: 8, web: 5 } },
        pending: { bob: { laptop: intent } },
      }),
    );
    await new SecretsSink(path).moveUser('bob', 'robert');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({
      users: { robert: { ci: 'ptr_ci_newer', web: 'ptr_web_newer', deploy: 'ptr_deploy' }, alice: { deploy: 'ptr_alice' } },
      keyIds: { robert: { ci: 8, web: 9, deploy: 4 } },
      pending: { robert: { laptop: intent } },
    });
    expect(await readPendingKeys(path)).toEqual([{ username: 'robert', description: 'laptop', ...intent }]);
  });

  it('leaves the file alone when it files nothing under the earlier name', async () => {
    const path = secretsPath();
    await new SecretsSink(path).moveUser('bob', 'robert');
    expect(() => statSync(path)).toThrow();
    const text = JSON.stringify({ users: { alice: { deploy: 'ptr_alice' } } });
    writeFileSync(path, text);
    await new SecretsSink(path).moveUser('bob', 'robert');
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('refuses a file that is not a secrets file, naming it', async () => {
    const path = secretsPath();
    writeFileSync(path, '{"something": "else"}');
    await expect(readPendingKeys(path)).rejects.toMatchObject({ userMessage: expect.stringContaining('is not a secrets file of this tool') });
  });
});

describe('keys whose raw value was lost', () => {
  const pending = [{ username: 'Alice', description: 'deploy', keysBefore: [7], requestedAt: '' }];

  it('are the keys with that description the owner did not have before the call', () => {
    const observed = observedState([
      initialAdmin(),
      observedUser(2, 'alice', 'standard', [observedKey(7, 'deploy', 30), observedKey(9, 'deploy', 0), observedKey(8, 'ci')]),
    ]);
    expect(lostKeyIds(pending, observed)).toEqual([9]);
    expect(lostKeyIds(pending, observedState([initialAdmin(), observedUser(2, 'alice', 'standard', [observedKey(7, 'deploy')])]))).toEqual([]);
    expect(lostKeyIds(pending, observedState([initialAdmin(), observedUser(2, 'alice')]))).toEqual([]);
  });

  it('are replaced by the plan, saying why, and the older copy is deleted as usual', () => {
    const desired = desiredState([desiredUser('alice', { apiKeys: [desiredKey('deploy')] })]);
    const observed = observedState([initialAdmin(), observedUser(2, 'alice', 'standard', [observedKey(7, 'deploy', 30), observedKey(9, 'deploy', 0)])]);
    const body = diff(desired, observed, planContext({ keysWithLostRawValue: [9] }));
    expect(body.problems).toEqual([]);
    expect(body.changes.map((c) => `${c.action} ${c.address} ${'keyId' in c ? c.keyId : ''} ${'reasonCode' in c ? c.reasonCode : ''}`.trim())).toEqual([
      'replace user.alice.apiKey[deploy] 9 raw-value-lost',
      'delete user.alice.apiKey[deploy]#7 7',
    ]);
  });

  it('change nothing when no key is lost', () => {
    const desired = desiredState([desiredUser('alice', { apiKeys: [desiredKey('deploy')] })]);
    const observed = observedState([initialAdmin(), observedUser(2, 'alice', 'standard', [observedKey(7, 'deploy')])]);
    expect(diff(desired, observed, planContext({ keysWithLostRawValue: [] })).changes).toEqual([]);
  });
});
