import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { installGhStub, type GhStub } from '../support/gh-stub.js';
import { stepFiles } from '../support/github-files.js';
import { BASIC, manifest } from '../support/manifests.js';
import { runCommand, type CliResult } from '../support/cli.js';
import { copyCheckout, VERSION } from '../support/package.js';
import { expectNoSecretsIn } from '../support/secrets.js';
import { CONVERGED_BASIC, seedAdmin } from '../support/seeds.js';
import { mutatingRequests, PASSWORD_ENV, PASSWORDS, startWorld, type World } from '../support/world.js';

/**
 * The action's shell steps (action/run.sh) run as a runner runs them: bash,
 * the GITHUB_* files in a temporary folder, the inputs as INPUT_* variables
 * (as action.yml maps them), a stub gh on PATH that records its arguments,
 * and the CLI it installed from a checkout of this tree against the
 * emulator over HTTP.
 */

const REPOSITORY = 'acme/platform';
let dir: string;
let checkout: string;
let prefix: string;
let installed: { bin: string; version: string; paths: string[]; stdout: string };
let gh: GhStub;
let world: World | undefined;

interface Step {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

/** action/run.sh of the action's checkout, as its action.yml runs it. */
function script(args: string[], env: Record<string, string>, cwd: string): Promise<CliResult> {
  return runCommand('bash', [join(checkout, 'action', 'run.sh'), ...args], { cwd, env });
}

/** The runner's environment for a step: its files, the repository, npm's prefix, gh's stub first on PATH. */
function runnerEnv(files: { env: Record<string, string> }, extra: Record<string, string>): Record<string, string> {
  return {
    ...files.env,
    ...gh.env,
    GITHUB_ACTION_PATH: checkout,
    GITHUB_REPOSITORY: REPOSITORY,
    GITHUB_SERVER_URL: 'https://github.com',
    npm_config_prefix: prefix,
    PATH: `${gh.bin}:${join(prefix, 'bin')}:${process.env['PATH'] ?? ''}`,
    ...extra,
  };
}

type Event = { name: string; payload: unknown; sha?: string };
const pullRequest = (number: number): Event => ({ name: 'pull_request', payload: { pull_request: { number } } });
const push = (sha: string): Event => ({ name: 'push', payload: { after: sha }, sha });

/** The action's run step, with `inputs` as action.yml passes them and the world's Portainer and passwords. */
async function runAction(inputs: Record<string, string>, event: Event = pullRequest(7), extra: Record<string, string> = {}): Promise<Step> {
  const files = stepFiles(dir, event);
  const env = runnerEnv(files, {
    ...PASSWORD_ENV,
    PORTAINER_URL: world?.emulator.url ?? 'http://127.0.0.1:9',
    PORTAINER_USERS_BIN: installed.bin,
    ...(event.sha ? { GITHUB_SHA: event.sha } : {}),
    ...Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase().replace(/-/g, '_')}`, value])),
    ...extra,
  });
  const result = await script(['run'], env, world?.dir ?? dir);
  return { ...result, outputs: files.outputs(), summary: files.summary() };
}

function expectNoSecretsAnywhere(steps: Step[], more: string[] = []): void {
  const texts = steps.flatMap((step) => [step.stdout, step.stderr, step.summary, JSON.stringify(step.outputs)]);
  texts.push(JSON.stringify(gh.github()));
  expectNoSecretsIn(texts, [...Object.values(PASSWORDS), gh.env['GH_TOKEN'] ?? '', ...more]);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pu-action-'));
  checkout = join(dir, 'checkout');
  prefix = join(dir, 'prefix');
  mkdirSync(checkout);
  copyCheckout(checkout);
  gh = installGhStub(dir);
  const files = stepFiles(dir, pullRequest(7));
  const result = await script(['install'], runnerEnv(files, {}), dir);
  if (result.code !== 0) throw new Error(`the install step failed: ${result.stderr}`);
  const outputs = files.outputs();
  installed = { bin: outputs['bin'] ?? '', version: outputs['version'] ?? '', paths: files.paths(), stdout: result.stdout };
}, 240_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => gh.reset());
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe('the install step', () => {
  it("builds the action's checkout and installs its tarball: the bin, its version, its folder on GITHUB_PATH", async () => {
    expect(installed.stdout).toContain(`Install portainer-users ${VERSION} from the action's checkout`);
    expect(existsSync(join(checkout, 'dist', 'bundle', 'main.js'))).toBe(true);
    expect(installed).toMatchObject({ bin: join(prefix, 'bin', 'portainer-users'), version: VERSION, paths: [join(prefix, 'bin')] });
    expect(existsSync(join(prefix, 'lib', 'node_modules', 'portainer-users', 'dist', 'bundle', 'main.js'))).toBe(true);
  });

  it('installs once per job, and the version asked for must be the action\'s or a version', async () => {
    const files = stepFiles(dir, pullRequest(7));
    const again = await script(['install'], runnerEnv(files, { INPUT_VERSION: `v${VERSION}` }), dir);
    expect(again).toMatchObject({ code: 0, stdout: `portainer-users ${VERSION} from the action's checkout ${checkout} is installed already.\n` });
    expect(files.outputs()).toEqual({ bin: installed.bin, version: VERSION });
    const wrong = await script(['install'], runnerEnv(stepFiles(dir, pullRequest(7)), { INPUT_VERSION: 'latest' }), dir);
    expect(wrong).toEqual({ code: 1, stdout: '', stderr: `Error: the version input must be a version such as 0.1.0, or empty for the action's own, got "latest"\n` });
  });
});

describe('command: plan', () => {
  it('puts the plan in the summary and one pull request comment, created then updated, with outputs from the saved plan', async () => {
    world = await startWorld(BASIC, { seed: { users: [seedAdmin(['ci'])] } });
    const first = await runAction({ command: 'plan' });
    expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: '' });
    const saved = JSON.parse(readFileSync(first.outputs['plan-file'] ?? '', 'utf8')) as { changesDigest: string; changes: unknown[] };
    expect(saved.changes.length).toBeGreaterThan(0);
    expect(first.outputs).toMatchObject({ exitcode: '2', 'has-changes': 'true', 'changes-digest': saved.changesDigest });
    expect(first.summary).toMatch(/^### Portainer users plan for `http:\/\/127\.0\.0\.1:\d+`/);
    expect(first.summary).toContain(saved.changesDigest);
    expect(first.stdout).toContain('Commented the plan on pull request #7.');

    const [created] = gh.github().comments;
    expect(gh.github().comments).toHaveLength(1);
    expect(created).toMatchObject({ issue: 7, body: expect.stringContaining(first.summary.trim()) });
    expect(created?.body.split('\n')[0]).toBe(`<!-- portainer-users plan: {"manifest":"users.yaml","changesDigest":"${saved.changesDigest}"} -->`);

    // A new commit on the pull request: bob is gone from the manifest.
    world.writeManifest(manifest([{ username: 'alice', role: 'admin', passwordEnv: 'ALICE_PASSWORD', apiKeys: ['deploy'] }], '', ['ci']));
    const second = await runAction({ command: 'plan' });
    expect(second.code).toBe(0);
    expect(second.outputs['changes-digest']).not.toBe(saved.changesDigest);
    expect(second.stdout).toContain('Updated the plan comment on pull request #7.');
    expect(gh.github().comments).toEqual([{ ...created, body: expect.stringContaining(second.outputs['changes-digest'] ?? 'none') }]);
    expect(gh.github().comments[0]?.body).not.toContain('user.bob');

    const calls = gh.calls().map((args) => args.slice(0, 3).join(' '));
    expect(calls).toEqual([
      `api repos/${REPOSITORY}/issues/7/comments?per_page=100 --paginate`,
      `api --method POST`,
      `api repos/${REPOSITORY}/issues/7/comments?per_page=100 --paginate`,
      `api --method PATCH`,
    ]);
    expect(gh.calls()[3]?.[3]).toBe(`repos/${REPOSITORY}/issues/comments/${created?.id}`);
    expectNoSecretsAnywhere([first, second]);
  });

  it('says when there is nothing to change, comments only on pull requests, and prints text or JSON in code blocks', async () => {
    world = await startWorld(BASIC, { seed: CONVERGED_BASIC });
    const text = await runAction({ command: 'plan', format: 'text' }, push('c0ffee'));
    expect(text.outputs).toMatchObject({ exitcode: '0', 'has-changes': 'false', 'changes-digest': expect.stringMatching(/^sha256:/) });
    expect(text.summary).toMatch(/^#### portainer-users plan\n\n```text\nPlan for http:\/\/127\.0\.0\.1:\d+ from users\.yaml\n[\s\S]*\nNo changes\./);
    expect(text.stdout).toContain('Not a pull request: the plan is in the job summary only.');
    expect(gh.calls()).toEqual([]);
    const json = await runAction({ command: 'plan', format: 'json', comment: 'false' });
    const block = /^#### portainer-users plan\n\n```json\n([\s\S]*)\n```\n$/.exec(json.summary);
    expect(JSON.parse(block?.[1] ?? 'null')).toMatchObject({ formatVersion: 1, changes: [], changesDigest: json.outputs['changes-digest'] });
    expect(gh.calls()).toEqual([]);
  });

  it('fails the step on a plan error, says why in the summary and the comment, and gives no digest', async () => {
    world = await startWorld(manifest([{ username: 'carol', passwordEnv: 'UNSET_PASSWORD' }]), { seed: { users: [seedAdmin()] } });
    const failed = await runAction({ command: 'plan' });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^Error: /m);
    expect(failed.outputs).toEqual({ exitcode: '1', 'changes-digest': '', 'has-changes': 'false', 'plan-file': '', 'report-file': expect.stringMatching(/plan\.out$/) });
    expect(failed.summary).toContain('**portainer-users plan failed (exit 1).**');
    expect(failed.summary).toContain('UNSET_PASSWORD');
    expect(gh.github().comments[0]?.body).toContain('**portainer-users plan failed (exit 1).**');
    expect(gh.github().comments[0]?.body.split('\n')[0]).toBe('<!-- portainer-users plan: {"manifest":"users.yaml","changesDigest":""} -->');
  });
});

describe('command: apply', () => {
  it('applies exactly the changes reviewed on the merged pull request, and keeps the new keys out of every report', async () => {
    world = await startWorld(BASIC, { seed: { users: [seedAdmin(['ci'])] } });
    const plan = await runAction({ command: 'plan' });
    gh.update((github) => void (github.pulls['abc123'] = 7));
    const secretsOut = join(world.dir, 'keys.json');
    const apply = await runAction({ command: 'apply', 'expect-digest': 'pull-request', 'secrets-out': secretsOut }, push('abc123'));
    expect({ code: apply.code, stderr: apply.stderr }).toEqual({ code: 0, stderr: `The reviewed changes, from the plan on pull request #7: ${plan.outputs['changes-digest']}\n` });
    expect(apply.outputs).toMatchObject({ exitcode: '0', 'has-changes': 'true', 'changes-digest': plan.outputs['changes-digest'] });
    expect(world.emulator.findUser('alice')?.apiKeys.map((key) => key.description)).toEqual(['deploy']);
    expect(apply.summary).toContain('#### portainer-users apply');
    const keys = JSON.parse(readFileSync(secretsOut, 'utf8')) as { users: Record<string, Record<string, string>> };
    const rawKeys = Object.values(keys.users).flatMap((byDescription) => Object.values(byDescription));
    expect(rawKeys.length).toBe(2);
    expectNoSecretsAnywhere([plan, apply], rawKeys);

    const again = await runAction({ command: 'apply' }, push('def456'));
    expect(again).toMatchObject({ code: 0, outputs: { exitcode: '0', 'has-changes': 'false' } });
    expect(again.stdout).toContain('No changes: nothing to apply.');
  });

  it('refuses, changing nothing, when the changes are not the reviewed ones or nothing was reviewed', async () => {
    world = await startWorld(BASIC, { seed: { users: [seedAdmin(['ci'])] } });
    await runAction({ command: 'plan' });
    gh.update((github) => void (github.pulls['abc123'] = 7));
    // The manifest on main is not the one reviewed.
    world.writeManifest(manifest([{ username: 'alice', role: 'admin', passwordEnv: 'ALICE_PASSWORD' }], '', ['ci']));
    const before = mutatingRequests(world.emulator).length;
    const stale = await runAction({ command: 'apply', 'expect-digest': 'pull-request' }, push('abc123'));
    expect(stale.code).toBe(1);
    expect(stale.outputs).toMatchObject({ exitcode: '1', 'has-changes': 'true' });
    expect(stale.summary).toContain('**portainer-users apply failed (exit 1).**');
    expect(mutatingRequests(world.emulator).length).toBe(before);

    const unreviewed = await runAction({ command: 'apply', 'expect-digest': 'pull-request' }, push('0dd'));
    expect(unreviewed).toMatchObject({ code: 1, stdout: '', outputs: {} });
    expect(unreviewed.stderr).toBe('Error: commit 0dd came without a pull request, so no plan of it was reviewed: apply with a changes digest or without one\n');
    expect(mutatingRequests(world.emulator).length).toBe(before);
  });
});

describe('command: drift', () => {
  it('reports drift in the summary; exit 2 fails the step only with fail-on-drift', async () => {
    world = await startWorld(BASIC, { seed: CONVERGED_BASIC });
    const none = await runAction({ command: 'drift' }, { name: 'schedule', payload: {} });
    expect(none).toMatchObject({ code: 0, outputs: { exitcode: '0', 'has-changes': 'false', 'changes-digest': '' } });
    expect(none.summary).toContain('No drift.');
    world.emulator.setRole('bob', 'admin');
    const drifted = await runAction({ command: 'drift' }, { name: 'schedule', payload: {} });
    expect(drifted).toMatchObject({ code: 0, outputs: { exitcode: '2', 'has-changes': 'true' } });
    expect(readFileSync(drifted.outputs['report-file'] ?? '', 'utf8')).toBe(drifted.summary);
    expect(drifted.summary).toContain('bob');
    const failing = await runAction({ command: 'drift', 'fail-on-drift': 'true' }, { name: 'schedule', payload: {} });
    expect(failing).toMatchObject({ code: 2, outputs: { exitcode: '2' } });
    expect(gh.calls()).toEqual([]);
    expectNoSecretsAnywhere([none, drifted, failing]);
  });
});

describe('inputs', () => {
  it('refuses a bad one in one sentence on stderr, before running anything', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ command: 'destroy' }, 'the command input must be plan, apply, drift or targets, got "destroy"'],
      [{ command: 'plan', target: 'prod' }, 'the target input goes with the fleet input'],
      [{ command: 'targets' }, 'command: targets needs the fleet input'],
      [{ command: 'apply', fleet: 'fleet.yaml' }, 'command: apply with a fleet applies one target: give the target input'],
      [{ command: 'apply', fleet: 'fleet.yaml', target: 'a,b' }, 'command: apply with a fleet applies one target, got "a,b"'],
      [{ command: 'plan', format: 'html' }, 'the format input must be markdown, text or json, got "html"'],
      [{ command: 'plan', 'expect-digest': `sha256:${'0'.repeat(64)}` }, 'the expect-digest input goes with command: apply, not plan'],
      [{ command: 'apply', 'expect-digest': 'abc' }, 'the expect-digest input must be a plan\'s changes digest (sha256: and 64 hexadecimal digits) or pull-request, got "abc"'],
      [{ command: 'drift', 'secrets-out': 'keys.json' }, 'the secrets-out input goes with command: apply, not drift'],
      [{ command: 'drift', 'fail-on-drift': 'yes' }, 'the fail-on-drift input must be true or false, got "yes"'],
      [{ command: 'plan', manifest: '' }, 'the manifest input is empty: give the manifest\'s path, e.g. users.yaml'],
    ];
    for (const [inputs, sentence] of cases) {
      const step = await runAction(inputs);
      expect({ inputs, code: step.code, stdout: step.stdout, stderr: step.stderr, outputs: step.outputs }).toEqual({ inputs, code: 1, stdout: '', stderr: `Error: ${sentence}\n`, outputs: {} });
    }
    expect(gh.calls()).toEqual([]);
  });
});
