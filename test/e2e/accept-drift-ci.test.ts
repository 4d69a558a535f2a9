import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCommand, type CliResult } from '../support/cli.js';
import { listenOnLoopback } from '../support/loopback.js';
import { BASIC } from '../support/manifests.js';
import { packProject } from '../support/package.js';
import { expectNoSecretsIn } from '../support/secrets.js';
import { CONVERGED_BASIC } from '../support/seeds.js';
import { PASSWORD_ENV, PASSWORDS, startWorld, type World } from '../support/world.js';

const CI = fileURLToPath(new URL('../../examples/ci/', import.meta.url));
const BRANCH = 'portainer-users/accept-drift';
const TITLE = 'Accept drift from Portainer';

function example(name: string): Record<string, unknown> {
  return parse(readFileSync(join(CI, name), 'utf8')) as Record<string, unknown>;
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: cwd } });
}

/** This checkout packed, as the jobs' install step takes it (PORTAINER_USERS_PACKAGE may be a tarball). */
let packages: string;
let tarball: string;
beforeAll(async () => {
  packages = mkdtempSync(join(tmpdir(), 'pu-accept-drift-'));
  tarball = (await packProject(packages)).tarball;
}, 120_000);
afterAll(() => rmSync(packages, { recursive: true, force: true }));

/** Runs a job's install line as written, npm installing into a prefix of the test's; returns the folder of the installed bin. */
async function install(line: string, name: string): Promise<string> {
  const prefix = join(packages, name);
  const result = await runCommand('bash', ['-e', '-c', line], {
    cwd: packages,
    env: { PORTAINER_USERS_PACKAGE: tarball, npm_config_prefix: prefix, npm_config_prefer_offline: 'true' },
  });
  expect({ code: result.code, stderr: result.stderr.replace(/^npm warn .*\n/gim, '') }).toEqual({ code: 0, stderr: '' });
  return join(prefix, 'bin');
}

let world: World | undefined;
let closeApi: (() => Promise<void>) | undefined;
afterEach(async () => {
  await world?.close();
  await closeApi?.();
  world = undefined;
  closeApi = undefined;
});

/**
 * A repository holding BASIC as users.yaml on main, pushed to a bare
 * origin, and a Portainer that matched it until alice was demoted and bob
 * deleted behind its back: what the nightly job finds.
 */
async function driftedRepository(installed: string): Promise<{ w: World; checkout: string; origin: string; bin: string }> {
  const w = await startWorld(BASIC, { seed: CONVERGED_BASIC });
  world = w;
  const origin = join(w.dir, 'origin.git');
  const checkout = join(w.dir, 'checkout');
  const bin = join(w.dir, 'bin');
  mkdirSync(checkout);
  mkdirSync(bin);
  // The CLI as the job's install step installed it.
  writeFileSync(join(bin, 'portainer-users'), `#!/bin/sh\nexec "${join(installed, 'portainer-users')}" "$@"\n`, { mode: 0o755 });
  // gh as the runner has it, answering `pr list` from $GH_PRS and logging every call.
  writeFileSync(join(bin, 'gh'), '#!/bin/sh\nprintf \'%s\\n\' "$*" >> "$GH_LOG"\nif [ "$1 $2" = "pr list" ]; then cat "$GH_PRS"; fi\n', { mode: 0o755 });
  git(w.dir, 'init', '--quiet', '--bare', origin);
  git(checkout, 'init', '--quiet', '--initial-branch=main');
  writeFileSync(join(checkout, 'users.yaml'), BASIC);
  git(checkout, 'add', 'users.yaml');
  git(checkout, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '--quiet', '-m', 'users');
  git(checkout, 'remote', 'add', 'origin', origin);
  git(checkout, 'push', '--quiet', 'origin', 'main');
  w.emulator.setRole('alice', 'standard');
  w.emulator.removeUser('bob');
  return { w, checkout, origin, bin };
}

/** The next night's job starts from a fresh checkout of main. */
function freshCheckout(checkout: string): void {
  git(checkout, 'checkout', '--quiet', '--force', 'main');
  git(checkout, 'clean', '--quiet', '-fdx');
}

/** A script as the runner runs it: bash, stopping at the first failure, with the CLI and gh on the PATH. */
function runScript(script: string, cwd: string, bin: string, env: Record<string, string>): Promise<CliResult> {
  return runCommand('bash', ['-e', '-o', 'pipefail', '-c', script], {
    cwd,
    env: { ...PASSWORD_ENV, PORTAINER_URL: world?.emulator.url ?? '', PATH: `${bin}:${process.env.PATH ?? ''}`, GIT_CONFIG_NOSYSTEM: '1', HOME: cwd, MANIFEST: 'users.yaml', ...env },
  });
}

/** users.yaml as the job's branch has it on the origin. */
function branchManifest(origin: string): string {
  return git(origin, 'show', `${BRANCH}:users.yaml`);
}

/** The branch's manifest plans no change against the server: merging it accepts the drift. */
async function expectAccepted(w: World, manifest: string): Promise<void> {
  writeFileSync(join(w.dir, 'accepted.yaml'), manifest);
  expect((await w.cli(['plan', '-f', 'accepted.yaml', '--detailed-exitcode'])).code).toBe(0);
}

describe('examples/ci/accept-drift.github.yml', () => {
  type Step = { name?: string; run?: string };
  const steps = (example('accept-drift.github.yml').jobs as Record<string, { steps: Step[] }>)['accept-drift']?.steps ?? [];
  const run = (name: string) => steps.find((step) => step.name === name)?.run ?? '';

  it('opens the pull request with the patched manifest, updates it the next night, and closes it once nothing is left to accept', async () => {
    const { w, checkout, origin, bin } = await driftedRepository(await install(run('Install portainer-users'), 'github'));
    const log = join(w.dir, 'gh.log');
    const prs = join(w.dir, 'gh-prs');
    writeFileSync(prs, '');
    const env = { BRANCH, TITLE, BASE: 'main', GH_LOG: log, GH_PRS: prs, GITHUB_STEP_SUMMARY: join(w.dir, 'summary.md') };
    const night = async () => {
      for (const name of ['Accept the drift into the manifest', 'Open or update the pull request']) {
        const result = await runScript(run(name), checkout, bin, env);
        expect({ name, code: result.code, stderr: result.stderr.replace(/^Not patched: .*\n/gm, '') }).toEqual({ name, code: 0, stderr: '' });
        expectNoSecretsIn([result.stdout, result.stderr], Object.values(PASSWORDS));
      }
    };

    await night();
    const manifest = branchManifest(origin);
    expect(manifest).toBe(BASIC.replace('    role: admin\n', '    role: standard\n').replace(/  - username: bob\n(    .*\n)*/, ''));
    await expectAccepted(w, manifest);
    expect(git(origin, 'log', '-1', '--format=%s', BRANCH).trim()).toBe(TITLE);
    expect(readFileSync(join(checkout, 'drift.md'), 'utf8')).toContain('```diff\n--- a/users.yaml\n+++ b/users.yaml\n');
    expect(readFileSync(log, 'utf8').split('\n')).toEqual([
      `pr list --head ${BRANCH} --state open --json number --jq .[0].number // empty`,
      `pr create --head ${BRANCH} --base main --title ${TITLE} --body-file drift.md`,
      '',
    ]);

    freshCheckout(checkout);
    writeFileSync(prs, '12\n');
    writeFileSync(log, '');
    await night();
    expect(readFileSync(log, 'utf8').split('\n')[1]).toBe(`pr edit 12 --title ${TITLE} --body-file drift.md`);
    expect(branchManifest(origin)).toBe(manifest);

    freshCheckout(checkout);
    w.emulator.setRole('alice', 'admin');
    w.emulator.addUser({ username: 'bob', password: PASSWORDS.bob, apiKeys: [{ description: 'laptop' }] });
    writeFileSync(log, '');
    await night();
    expect(readFileSync(log, 'utf8').split('\n')[1]).toMatch(/^pr close 12 --comment Nothing left to accept/);
  });
});

describe('examples/ci/accept-drift.gitlab-ci.yml', () => {
  const job = example('accept-drift.gitlab-ci.yml')['accept-drift'] as { script: string[] };
  const variables = example('accept-drift.gitlab-ci.yml').variables as Record<string, string>;
  const TOKEN = 'glpat-accept-drift-test-token';

  /** GitLab's merge request API as the job uses it: every call recorded, `open` the merge requests it lists. */
  async function gitlabApi(open: { iid: number }[]) {
    const calls: { method: string; url: string; body: unknown; token: string | undefined }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        calls.push({ method: req.method ?? '', url: req.url ?? '', body: body ? JSON.parse(body) : undefined, token: req.headers['private-token'] as string | undefined });
        res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json' }).end(JSON.stringify(req.method === 'GET' ? open : {}));
      });
    });
    const listening = await listenOnLoopback(server);
    closeApi = listening.close;
    return { url: listening.url, calls };
  }

  it('pushes the patched manifest with the token and opens the merge request, updates it, and closes it once nothing is left', async () => {
    const installLine = (example('accept-drift.gitlab-ci.yml')['accept-drift'] as { before_script: string[] }).before_script[0] ?? '';
    const { w, checkout, origin, bin } = await driftedRepository(await install(installLine, 'gitlab'));
    // The job pushes to the project's URL with the token in it; git here sends that URL to the bare origin.
    const gitconfig = join(w.dir, 'gitconfig');
    writeFileSync(gitconfig, `[url "${origin}"]\n\tinsteadOf = http://accept-drift:${TOKEN}@gitlab.test/group/project.git\n`);
    const night = async (open: { iid: number }[]) => {
      const api = await gitlabApi(open);
      const env = {
        ...variables,
        CI_PROJECT_URL: 'http://gitlab.test/group/project',
        CI_SERVER_HOST: 'gitlab.test',
        CI_API_V4_URL: `${api.url}/api/v4`,
        CI_PROJECT_ID: '42',
        CI_DEFAULT_BRANCH: 'main',
        GITLAB_API_TOKEN: TOKEN,
        GIT_CONFIG_GLOBAL: gitconfig,
      };
      const result = await runScript(job.script.join('\n'), checkout, bin, env);
      expect({ code: result.code, stderr: result.stderr.replace(/^Not patched: .*\n/gm, '') }).toEqual({ code: 0, stderr: '' });
      expectNoSecretsIn([result.stdout, result.stderr], [...Object.values(PASSWORDS), TOKEN]);
      await closeApi?.();
      closeApi = undefined;
      return api.calls;
    };

    const first = await night([]);
    const manifest = branchManifest(origin);
    await expectAccepted(w, manifest);
    const description = readFileSync(join(checkout, 'drift.md'), 'utf8');
    expect(first).toEqual([
      { method: 'GET', url: `/api/v4/projects/42/merge_requests?state=opened&source_branch=${encodeURIComponent(BRANCH)}`, body: undefined, token: TOKEN },
      {
        method: 'POST',
        url: '/api/v4/projects/42/merge_requests',
        body: { source_branch: BRANCH, target_branch: 'main', title: TITLE, description, remove_source_branch: true },
        token: TOKEN,
      },
    ]);

    freshCheckout(checkout);
    const second = await night([{ iid: 5 }]);
    expect(second[1]).toMatchObject({ method: 'PUT', url: '/api/v4/projects/42/merge_requests/5', body: { title: TITLE, description } });
    expect(branchManifest(origin)).toBe(manifest);

    freshCheckout(checkout);
    w.emulator.setRole('alice', 'admin');
    w.emulator.addUser({ username: 'bob', password: PASSWORDS.bob, apiKeys: [{ description: 'laptop' }] });
    const third = await night([{ iid: 5 }]);
    expect(third[1]).toMatchObject({ method: 'PUT', url: '/api/v4/projects/42/merge_requests/5', body: { state_event: 'close' } });
  });
});
