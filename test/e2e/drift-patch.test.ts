import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSecretsIn, filesWritten } from '../support/secrets.js';
import { BASIC, HEADER } from '../support/manifests.js';
import { CONVERGED_BASIC, seedAdmin } from '../support/seeds.js';
import { mutatingRequests, PASSWORDS, startWorld, type World } from '../support/world.js';

/** A manifest as people keep one: comments above, beside and between entries, quoted names, flow and block lists, blank lines. */
const MANIFEST = `# Portainer users of the platform team.
# Reviewed by the platform leads.
version: 1
admin:
  username: admin
  password: { env: PORTAINER_ADMIN_PASSWORD }   # from the vault
  apiKeys:
    - description: ci

users:
  # Alice is on call this quarter.
  - username: alice
    role: admin                      # promoted for on-call
    password: { env: ALICE_PASSWORD }
    apiKeys:
      - description: deploy

  - username: "bob"
    password: { env: BOB_PASSWORD }
    apiKeys: [ { description: laptop } ]

  # Carol joined in March.
  - username: carol
    password: { env: CAROL_PASSWORD }
    apiKeys:
      - description: laptop

  - { username: break-glass-1, role: admin, password: { env: BREAK_GLASS_PASSWORD } }   # never touched

teams:
  - name: developers
    leaders: [alice]
    members: [bob, carol]   # the whole team
  - name: ops
    members:
      - bob

prune:
  users: true
  protect: ["break-glass-*"]
`;

/** Lines of MANIFEST that accepting the drift below changes (the `-` lines of the patch), and nothing else. */
const REMOVED = [
  '    role: admin                      # promoted for on-call',
  '    apiKeys:',
  '      - description: deploy',
  '    apiKeys: [ { description: laptop } ]',
  '  # Carol joined in March.',
  '  - username: carol',
  '    password: { env: CAROL_PASSWORD }',
  '    apiKeys:',
  '      - description: laptop',
  '',
  '    leaders: [alice]',
  '    members: [bob, carol]   # the whole team',
  '    members:',
  '      - bob',
];

/** MANIFEST with the drift accepted: each edit, and every other byte as it was. */
const ACCEPTED = MANIFEST.replace('    role: admin                      # promoted', '    role: standard                   # promoted')
  .replace('    apiKeys:\n      - description: deploy\n', '    apiKeys: []\n')
  .replace('[ { description: laptop } ]', '[ { description: laptop }, { description: stolen } ]')
  .replace('  # Carol joined in March.\n  - username: carol\n    password: { env: CAROL_PASSWORD }\n    apiKeys:\n      - description: laptop\n\n', '')
  .replace('# never touched\n', '# never touched\n\n  - username: dave\n    password: { env: DAVE_PASSWORD }\n')
  .replace('    leaders: [alice]\n    members: [bob, carol]', '    leaders: [alice, bob]\n    members: []')
  .replace('  - name: ops\n    members:\n      - bob\n', '  - name: ops\n    leaders: [dave]\n    members: []\n');

const BREAK_GLASS = 'break-glass-password-05';
const ENV = { BREAK_GLASS_PASSWORD: BREAK_GLASS };

let world: World;
let original: string;
const rawKeys: string[] = [];

/**
 * The manifest applied, then changed behind its back in every way a patch
 * accepts, and one it must not: alice demoted, her key deleted, carol
 * deleted, dave created (and made a leader of ops), a key added to bob, bob
 * made a leader of developers and taken out of ops, and the protected
 * break-glass-1 demoted.
 */
beforeAll(async () => {
  world = await startWorld(MANIFEST, { seed: { users: [seedAdmin(['ci'])] } });
  const applied = await world.cli(['apply', '-f', 'users.yaml', '--auto-approve', '--secrets-out', 'secrets.json'], ENV);
  expect({ code: applied.code, stderr: applied.stderr }).toEqual({ code: 0, stderr: '' });
  expect((await world.cli(['plan', '-f', 'users.yaml', '--detailed-exitcode'], ENV)).code).toBe(0);
  const secrets = JSON.parse(readFileSync(world.secretsPath, 'utf8')) as { users: Record<string, Record<string, string>> };
  rawKeys.push(...Object.values(secrets.users).flatMap((keys) => Object.values(keys)));
  original = readFileSync(world.manifestPath, 'utf8');

  const { emulator } = world;
  emulator.setRole('alice', 'standard');
  await deleteKey(world, 'alice', 'deploy');
  emulator.removeUser('carol');
  emulator.addUser({ username: 'dave', password: 'dave-password-0005' });
  emulator.addMembership('ops', 'dave', 'leader');
  rawKeys.push(emulator.addApiKey('bob', { description: 'stolen', dateCreated: 1_700_000_000 }));
  emulator.removeMembership('developers', 'bob');
  emulator.addMembership('developers', 'bob', 'leader');
  emulator.removeMembership('ops', 'bob');
  emulator.setRole('break-glass-1', 'standard');
  emulator.clearRequests();
}, 60_000);

afterAll(async () => {
  await world?.close();
});

/** Deleted as another admin would, through Portainer's API. */
async function deleteKey(w: World, username: string, description: string): Promise<void> {
  const auth = await fetch(`${w.emulator.url}/api/auth`, { method: 'POST', body: JSON.stringify({ username: 'admin', password: PASSWORDS.admin }) });
  const { jwt } = (await auth.json()) as { jwt: string };
  const user = w.emulator.findUser(username);
  const key = user?.apiKeys.find((candidate) => candidate.description === description);
  const response = await fetch(`${w.emulator.url}/api/users/${user?.id}/tokens/${key?.id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${jwt}` } });
  expect(response.status).toBe(204);
}

function diffLines(patch: string, sign: '-' | '+'): string[] {
  return patch
    .split('\n')
    .filter((line) => line.startsWith(sign) && !line.startsWith(`${sign}${sign}${sign} `))
    .map((line) => line.slice(1));
}

/** A folder holding a copy of the original manifest, where a tool applies the patch. */
function copyOfOriginal(name: string): string {
  const dir = join(world.dir, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'users.yaml'), original);
  return dir;
}

describe('drift --format patch', () => {
  let patch: string;
  let stderr: string;

  beforeAll(async () => {
    const result = await world.cli(['drift', '-f', 'users.yaml', '--format', 'patch'], ENV);
    expect(result.code).toBe(2);
    patch = result.stdout;
    stderr = result.stderr;
  });

  it('prints a unified diff of the manifest with a/ and b/ paths, changing nothing on the server', () => {
    expect(patch.split('\n').slice(0, 2)).toEqual(['--- a/users.yaml', '+++ b/users.yaml']);
    expect(mutatingRequests(world.emulator)).toEqual([]);
    expect(readFileSync(world.manifestPath, 'utf8')).toBe(original);
  });

  it('changes exactly the lines of the edited entries: every other line stays, byte for byte and in order', () => {
    expect(diffLines(patch, '-')).toEqual(REMOVED);
    const patched = execFileSync('patch', ['-p1', '-o', '-'], { cwd: copyOfOriginal('untouched'), input: patch, encoding: 'utf8' }).replace(/^patching file .*\n/, '');
    expect(patched).toBe(ACCEPTED);
    expect(ACCEPTED).not.toBe(MANIFEST);
  });

  it('applies with patch -p1 and with git apply, and the patched manifest plans no change (exit 0 with --detailed-exitcode)', async () => {
    const withPatch = copyOfOriginal('with-patch');
    execFileSync('patch', ['-p1', '--quiet'], { cwd: withPatch, input: patch });
    const withGit = copyOfOriginal('with-git');
    execFileSync('git', ['init', '--quiet'], { cwd: withGit });
    execFileSync('git', ['apply', '--whitespace=nowarn'], { cwd: withGit, input: patch });
    const patched = readFileSync(join(withPatch, 'users.yaml'), 'utf8');
    expect(readFileSync(join(withGit, 'users.yaml'), 'utf8')).toBe(patched);

    writeFileSync(join(world.dir, 'patched.yaml'), patched);
    // DAVE_PASSWORD is not set: a plan that changes nothing about dave needs no password of his.
    const plan = await world.cli(['plan', '-f', 'patched.yaml', '--detailed-exitcode'], ENV);
    // The held difference's warning goes to stderr, as every warning does.
    expect({ code: plan.code, stderr: plan.stderr }).toEqual({ code: 0, stderr: expect.stringMatching(/^Warning: user\.break-glass-1: role not changed from "standard" to "admin"/) });
    expect(plan.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(plan.stdout).toContain('No changes to apply; 1 difference is held back for safety: user.break-glass-1');
  });

  it('lists the held difference on stderr and leaves it out of the patch', () => {
    expect(stderr).toBe(
      'Not patched: user.break-glass-1: held back for safety (role not changed from "standard" to "admin": user break-glass-1 matches prune.protect pattern "break-glass-*"); change the manifest by hand if the server is right\n',
    );
    expect([...diffLines(patch, '-'), ...diffLines(patch, '+')].filter((line) => line.includes('break-glass'))).toEqual([]);
  });

  it('writes the patch to --output and the verdict to stdout', async () => {
    const result = await world.cli(['drift', '-f', 'users.yaml', '--format', 'patch', '--output', 'drift.patch'], ENV);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('Drift: 11 differences between the manifest and the server, 1 of them kept back for safety.\n');
    expect(readFileSync(join(world.dir, 'drift.patch'), 'utf8')).toBe(patch);
  });

  it('is folded into the markdown report as a diff block', async () => {
    const markdown = (await world.cli(['drift', '-f', 'users.yaml', '--format', 'markdown'], ENV)).stdout;
    expect(markdown).toContain(`<summary>Patch of users.yaml (${patch.split('\n').length - 1} lines): apply it with git apply, or run portainer-users drift --write</summary>\n\n\`\`\`diff\n${patch}\`\`\`\n`);
    expect(markdown).toContain('- `user.break-glass-1`: held back for safety');
  });

  it('never holds a secret', () => {
    expectNoSecretsIn([patch, stderr, ...filesWritten(world.dir, [world.secretsPath])], [...Object.values(PASSWORDS), BREAK_GLASS, 'dave-password-0005', ...rawKeys]);
  });
});

describe('drift --write', () => {
  it('edits the manifest in place into the file the patch makes, says what it changed, and plans no change after', async () => {
    const patch = (await world.cli(['drift', '-f', 'users.yaml', '--format', 'patch'], ENV)).stdout;
    const expected = join(copyOfOriginal('expected'), 'users.yaml');
    execFileSync('patch', ['-p1', '--quiet'], { cwd: join(world.dir, 'expected'), input: patch });
    const result = await world.cli(['drift', '-f', 'users.yaml', '--write'], ENV);
    expect(result.code).toBe(2);
    expect(readFileSync(world.manifestPath, 'utf8')).toBe(readFileSync(expected, 'utf8'));
    expect(readFileSync(world.manifestPath, 'utf8')).toBe(ACCEPTED);
    expect(result.stdout.split('\n').map((line) => line.split(':')[0])).toEqual([
      'Drift',
      '  ~ team.developers.member[bob]',
      '  - team.ops.member[bob]',
      '  + team.ops.member[dave]',
      '  ~ user.alice',
      '  - user.alice.apiKey[deploy]',
      '  + user.bob.apiKey[stolen]',
      '  - user.carol',
      '  + user.dave',
      'Wrote users.yaml',
      '',
    ]);
    expect(result.stderr).toMatch(/^Not patched: user\.break-glass-1: /);
    expect((await world.cli(['drift', '-f', 'users.yaml', '--format', 'json'], ENV)).stdout).toContain('"drift": []');
    expect((await world.cli(['plan', '-f', 'users.yaml', '--detailed-exitcode'], ENV)).code).toBe(0);
    expect(mutatingRequests(world.emulator)).toEqual([]);
  });

  it('leaves a manifest in sync untouched and says so', async () => {
    const before = readFileSync(world.manifestPath, 'utf8');
    const result = await world.cli(['drift', '-f', 'users.yaml', '--write'], ENV);
    expect(result.code).toBe(2); // the held difference is still drift
    expect(result.stdout).toContain('No change to users.yaml: there is no difference a patch can accept. The difference is not patched (listed on stderr).');
    expect(readFileSync(world.manifestPath, 'utf8')).toBe(before);
  });
});

describe('drift --write and --format patch refuse what they cannot do, in one sentence', () => {
  it('refuses --write and --format patch with -f - (there is no file to edit or name)', async () => {
    for (const args of [['--write'], ['--format', 'patch']]) {
      const refused = await world.cli(['drift', '-f', '-', ...args], ENV);
      expect(refused.code).toBe(1);
      expect(refused.stderr.split('\n')[0]).toMatch(/^Error: .*-f - reads it from stdin; give the path of the manifest$/);
      expect(refused.stdout).toBe('');
    }
  });

  it('refuses --write with a --format report and no --output to put it in', async () => {
    const refused = await world.cli(['drift', '-f', 'users.yaml', '--write', '--format', 'json'], ENV);
    expect(refused.code).toBe(1);
    expect(refused.stderr.split('\n')[0]).toBe('Error: --write prints what it changed; give --output FILE for the json report as well');
  });
});

describe('an incomplete drift check', () => {
  it('prints no patch and writes nothing: exit 1, what stopped it on stderr', async () => {
    const yaml = `${HEADER}users: []\nteams:\n  - name: ops\n`;
    const incomplete = await startWorld(yaml, { seed: { users: [seedAdmin()], teams: [{ name: 'ops' }, { name: 'dev' }] } });
    try {
      // Portainer's PUT /teams/{id} does not check the name: two teams now share the one the manifest lists.
      const { jwt } = (await (await fetch(`${incomplete.emulator.url}/api/auth`, { method: 'POST', body: JSON.stringify({ username: 'admin', password: PASSWORDS.admin }) })).json()) as { jwt: string };
      await fetch(`${incomplete.emulator.url}/api/teams/2`, { method: 'PUT', headers: { authorization: `Bearer ${jwt}` }, body: JSON.stringify({ Name: 'OPS' }) });
      const patch = await incomplete.cli(['drift', '-f', 'users.yaml', '--format', 'patch']);
      expect({ code: patch.code, stdout: patch.stdout }).toEqual({ code: 1, stdout: '' });
      expect(patch.stderr).toMatch(/^Error: team\.ops: the server lists two teams/);
      const write = await incomplete.cli(['drift', '-f', 'users.yaml', '--write']);
      expect({ code: write.code, stdout: write.stdout }).toEqual({ code: 1, stdout: '' });
      expect(write.stderr).toContain('users.yaml was not changed: the drift check is incomplete.');
      expect(readFileSync(incomplete.manifestPath, 'utf8')).toBe(yaml);
    } finally {
      await incomplete.close();
    }
  });

  it("patches the rest where another admin's keys cannot be read, and lists those keys as not checked", async () => {
    const world = await startWorld(BASIC, { seed: CONVERGED_BASIC });
    try {
      world.emulator.setRole('bob', 'admin');
      // alice is an admin whose password is not set: her keys are left as they are; bob's promotion is accepted.
      const patch = await world.cli(['drift', '-f', 'users.yaml', '--format', 'patch'], { ALICE_PASSWORD: '', BOB_PASSWORD: '' });
      expect(patch.code).toBe(2);
      expect(patch.stdout).toContain('+    role: admin');
      const report = await world.cli(['drift', '-f', 'users.yaml'], { ALICE_PASSWORD: '', BOB_PASSWORD: '' });
      expect(report.stdout).toMatch(/Not checked \(left as they are\) \(2\):\n  user\.alice\.apiKeys: .*\n  user\.bob\.apiKeys: /);
    } finally {
      await world.close();
    }
  });
});
