import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { onlyCodeBlock, readDoc } from '../support/docs.js';
import { installGhStub, type GhStub } from '../support/gh-stub.js';
import { runGitlabJob } from '../support/gitlab-runner.js';
import { BASIC, manifest } from '../support/manifests.js';
import { packProject, ROOT, VERSION } from '../support/package.js';
import { expectNoSecretsIn } from '../support/secrets.js';
import { CONVERGED_BASIC, seedAdmin } from '../support/seeds.js';
import { PASSWORDS, startWorld, type World } from '../support/world.js';
import { runJob, matrixOf, type JobRecord, type WorkflowEvent } from '../support/workflow-runner.js';
import { EXAMPLE_FLEET_SECRETS, startExampleFleet, type FleetWorld } from '../support/fleet-world.js';

/**
 * The CI examples run as written: every job's shell steps in bash on this
 * machine, the GitHub workflow's `uses:` of the portainer-users action
 * through this repository's action.yml and action/run.sh (gh a stub that
 * records its arguments), the GitLab jobs installing the packed tarball,
 * each against the emulator over HTTP.
 */

const CI = fileURLToPath(new URL('../../examples/ci/', import.meta.url));
const GITHUB = join(CI, 'github-actions.yml');
const GITLAB = join(CI, 'gitlab-ci.yml');
const PASSPHRASE = 'a passphrase for the keys';
const REPOSITORY = 'acme/platform';
const TOKEN = 'ghs_stub-token-for-tests';

let dir: string;
let tarball: string;
let gh: GhStub;
let world: World | undefined;
let fleet: FleetWorld | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pu-ci-examples-'));
  gh = installGhStub(dir);
  tarball = (await packProject(dir)).tarball;
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => gh.reset());
afterEach(async () => {
  await world?.close();
  await fleet?.close();
  world = undefined;
  fleet = undefined;
});

/** The runner machine: npm installs into a prefix of the test's, gh is the stub; GH_TOKEN only where a step asks. */
function machine(): Record<string, string> {
  const prefix = join(dir, 'prefix');
  const { GH_TOKEN: _token, ...stubFiles } = gh.env;
  return { ...stubFiles, npm_config_prefix: prefix, PATH: `${gh.bin}:${join(prefix, 'bin')}:${process.env['PATH'] ?? ''}` };
}

function secrets(w: World): Record<string, string> {
  return {
    PORTAINER_URL: w.emulator.url,
    PORTAINER_ADMIN_PASSWORD: PASSWORDS.admin,
    PORTAINER_PASSWORDS: `ALICE_PASSWORD=${PASSWORDS.alice}\nBOB_PASSWORD=${PASSWORDS.bob}\n`,
    PORTAINER_KEYS_PASSPHRASE: PASSPHRASE,
  };
}

const EVENTS = {
  pullRequest: { name: 'pull_request', payload: { pull_request: { number: 12 } }, ref: 'refs/pull/12/merge', sha: 'a1a1a1' },
  merge: { name: 'push', payload: { after: 'b2b2b2' }, ref: 'refs/heads/main', sha: 'b2b2b2' },
  nightly: { name: 'schedule', payload: {}, ref: 'refs/heads/main', sha: 'c3c3c3' },
  byHand: (action: string): WorkflowEvent => ({ name: 'workflow_dispatch', payload: { inputs: { action } }, ref: 'refs/heads/main', sha: 'd4d4d4', inputs: { action } }),
} satisfies Record<string, WorkflowEvent | ((action: string) => WorkflowEvent)>;

/** Every job of the GitHub workflow for one event, as GitHub would start them. */
async function onGithub(w: World, event: WorkflowEvent): Promise<Record<string, JobRecord>> {
  const options = { workspace: w.dir, base: dir, env: machine(), secrets: secrets(w), actions: { 'portainer-users/portainer-users': ROOT }, repository: REPOSITORY, token: TOKEN };
  const jobs: Record<string, JobRecord> = {};
  for (const job of ['plan', 'apply', 'drift']) jobs[job] = await runJob(GITHUB, job, event, options);
  return jobs;
}

function ran(jobs: Record<string, JobRecord>): Record<string, string> {
  return Object.fromEntries(Object.entries(jobs).map(([name, job]) => [name, !job.ran ? 'skipped' : job.failed ? 'failed' : 'succeeded']));
}

/** Everything a job printed or posted, but the mask commands the password loader sends to the runner. */
function publicTexts(jobs: Record<string, JobRecord>): string[] {
  const steps = Object.values(jobs).flatMap((job) => [job.summary, ...job.steps.flatMap((step) => [step.stdout, step.stderr, JSON.stringify(step.outputs)])]);
  return [...steps.map((text) => text.replace(/^::add-mask::.*$/gm, '')), JSON.stringify(gh.github()), JSON.stringify(gh.calls())];
}

function failedStep(job: JobRecord | undefined): string {
  const step = job?.steps.find((candidate) => candidate.outcome === 'failure');
  return step ? `${step.name}: ${step.stderr}${step.stdout}` : '';
}

/** Decrypts the kept keys as docs/ci.md says (gpg --decrypt keys.json.gpg). */
function decryptKeys(file: string): { users: Record<string, Record<string, string>> } {
  const text = execFileSync('gpg', ['--batch', '--quiet', '--pinentry-mode', 'loopback', '--passphrase-fd', '0', '--decrypt', file], {
    input: PASSPHRASE,
    encoding: 'utf8',
    env: { ...process.env, GNUPGHOME: mkdtempSync(join(dir, 'gnupg-')) },
  });
  return JSON.parse(text) as { users: Record<string, Record<string, string>> };
}

describe('examples/ci/github-actions.yml', () => {
  it('on a pull request: plans, with the plan in the summary, one pull request comment, and the saved plan kept', async () => {
    world = await startWorld(BASIC, { seed: { users: [seedAdmin(['ci'])] } });
    const jobs = await onGithub(world, EVENTS.pullRequest);
    expect(ran(jobs), failedStep(jobs['plan'])).toEqual({ plan: 'succeeded', apply: 'skipped', drift: 'skipped' });
    const plan = jobs['plan'] as JobRecord;
    expect(plan.summary).toMatch(/^### Portainer users plan for /);
    const [comment] = gh.github().comments;
    expect(gh.github().comments).toHaveLength(1);
    expect(comment).toMatchObject({ issue: 12, body: expect.stringContaining(plan.summary.trim()) });
    const [artifact] = plan.artifacts;
    expect(artifact?.name).toBe('portainer-plan');
    const saved = JSON.parse(readFileSync(artifact?.path ?? '', 'utf8')) as { changesDigest: string };
    expect(comment?.body).toContain(saved.changesDigest);
    // The plan applies nothing.
    expect(world.emulator.findUser('alice')).toBeUndefined();
    expectNoSecretsIn(publicTexts(jobs), [...Object.values(PASSWORDS), TOKEN]);
  });

  it('on merge: applies the changes reviewed on the pull request, and keeps the new keys only encrypted', async () => {
    world = await startWorld(BASIC, { seed: { users: [seedAdmin(['ci'])] } });
    await onGithub(world, EVENTS.pullRequest);
    gh.update((github) => void (github.pulls[EVENTS.merge.sha] = 12));
    const jobs = await onGithub(world, EVENTS.merge);
    expect(ran(jobs), failedStep(jobs['apply'])).toEqual({ plan: 'skipped', apply: 'succeeded', drift: 'skipped' });
    expect(world.emulator.findUser('alice')?.apiKeys.map((key) => key.description)).toEqual(['deploy']);
    expect(world.emulator.findUser('bob')?.apiKeys.map((key) => key.description)).toEqual(['laptop']);
    const kept = (jobs['apply'] as JobRecord).artifacts.find((artifact) => artifact.name === 'portainer-api-keys');
    const keys = decryptKeys(kept?.path ?? '');
    expect(keys.users['bob']?.['laptop']).toMatch(/^ptr_/);
    expect(existsSync(join(dir, 'runner-temp', 'keys.json'))).toBe(false);
    const rawKeys = Object.values(keys.users).flatMap((byDescription) => Object.values(byDescription));
    expectNoSecretsIn(publicTexts(jobs), [...Object.values(PASSWORDS), ...rawKeys, TOKEN]);
  });

  it('by hand with action: apply, plans afresh from main and applies that plan', async () => {
    world = await startWorld(BASIC, { seed: { users: [seedAdmin(['ci'])] } });
    const jobs = await onGithub(world, EVENTS.byHand('apply'));
    expect(ran(jobs), failedStep(jobs['apply'])).toEqual({ plan: 'skipped', apply: 'succeeded', drift: 'skipped' });
    expect(world.emulator.findUser('bob')?.role).toBe('standard');
    expect(gh.calls()).toEqual([]);
  });

  it('nightly: passes with no drift; on drift reports on one issue and fails with exit 2', async () => {
    world = await startWorld(BASIC, { seed: CONVERGED_BASIC });
    const clean = await onGithub(world, EVENTS.nightly);
    expect(ran(clean), failedStep(clean['drift'])).toEqual({ plan: 'skipped', apply: 'skipped', drift: 'succeeded' });
    expect(clean['drift']?.summary).toContain('No drift.');
    expect(gh.calls()).toEqual([]);

    world.emulator.setRole('bob', 'admin');
    const drifted = await onGithub(world, EVENTS.nightly);
    expect(ran(drifted)).toEqual({ plan: 'skipped', apply: 'skipped', drift: 'failed' });
    const steps = (drifted['drift'] as JobRecord).steps;
    expect(steps.map((step) => step.outcome).slice(-3)).toEqual(['success', 'success', 'failure']);
    expect(gh.github().issues).toEqual([expect.objectContaining({ title: 'Portainer users drift', body: drifted['drift']?.summary })]);

    const again = await onGithub(world, EVENTS.byHand('drift'));
    expect(ran(again)).toEqual({ plan: 'skipped', apply: 'skipped', drift: 'failed' });
    expect(gh.github().issues).toHaveLength(1);
    expect(gh.github().comments).toEqual([expect.objectContaining({ issue: gh.github().issues[0]?.number, body: again['drift']?.summary })]);
    expectNoSecretsIn(publicTexts(again), [...Object.values(PASSWORDS), TOKEN]);
  });

  it('needs the URL, the admin password and the other passwords (and a passphrase only for new keys), and serialises applies', () => {
    const text = readFileSync(GITHUB, 'utf8');
    const used = new Set([...text.matchAll(/secrets\.([A-Z_]+)/g)].map((match) => match[1]));
    expect(used).toEqual(new Set(['PORTAINER_URL', 'PORTAINER_ADMIN_PASSWORD', 'PORTAINER_PASSWORDS', 'PORTAINER_KEYS_PASSPHRASE']));
    expect(text).not.toContain('PORTAINER_API_KEY');
    // GitHub's queue cannot run here: the apply job is in one group, queued and never cancelled.
    const workflow = parse(text) as { jobs: Record<string, { concurrency?: unknown; steps: { uses?: string }[] }> };
    expect(workflow.jobs['apply']?.concurrency).toEqual({ group: expect.any(String), 'cancel-in-progress': false });
    const uses = Object.values(workflow.jobs).flatMap((job) => job.steps.map((step) => step.uses ?? ''));
    expect(uses.filter((line) => line.includes('portainer-users'))).toEqual(Array(3).fill(`portainer-users/portainer-users@v${VERSION}`));
  });
});

describe("docs/ci.md's workflow (GitHub Action)", () => {
  it('plans on a pull request and applies the reviewed changes on merge, as written', async () => {
    const file = join(dir, 'docs-workflow.yml');
    writeFileSync(file, onlyCodeBlock(readDoc('ci.md'), 'A workflow', 'yaml'));
    world = await startWorld(manifest([{ username: 'alice', role: 'admin', passwordEnv: 'ALICE_PASSWORD' }]), { seed: { users: [seedAdmin()] } });
    const options = {
      workspace: world.dir,
      base: dir,
      env: machine(),
      secrets: { PORTAINER_URL: world.emulator.url, PORTAINER_ADMIN_PASSWORD: PASSWORDS.admin, ALICE_PASSWORD: PASSWORDS.alice },
      actions: { 'portainer-users/portainer-users': ROOT },
      repository: REPOSITORY,
      token: TOKEN,
    };
    const plan = await runJob(file, 'plan', EVENTS.pullRequest, options);
    expect({ ran: plan.ran, failed: plan.failed }, failedStep(plan)).toEqual({ ran: true, failed: false });
    expect(gh.github().comments).toHaveLength(1);
    expect(await runJob(file, 'apply', EVENTS.pullRequest, options)).toMatchObject({ ran: false });
    gh.update((github) => void (github.pulls[EVENTS.merge.sha] = 12));
    const apply = await runJob(file, 'apply', EVENTS.merge, options);
    expect({ ran: apply.ran, failed: apply.failed }, failedStep(apply)).toEqual({ ran: true, failed: false });
    expect(world.emulator.findUser('alice')?.role).toBe('admin');
  });
});

describe('examples/ci/gitlab-ci.yml', () => {
  it('plans on a merge request, plans and applies that plan on the default branch, checks drift', async () => {
    world = await startWorld(BASIC, { seed: { users: [seedAdmin(['ci'])] } });
    const passwords = join(world.dir, 'passwords');
    writeFileSync(passwords, `ALICE_PASSWORD=${PASSWORDS.alice}\nBOB_PASSWORD=${PASSWORDS.bob}\n`);
    const buildsDir = join(world.dir, 'builds');
    mkdirSync(buildsDir);
    // CI/CD variables, as a project sets them; the package is the tarball of this checkout.
    const variables = {
      PORTAINER_URL: world.emulator.url,
      PORTAINER_ADMIN_PASSWORD: PASSWORDS.admin,
      PORTAINER_PASSWORDS: passwords,
      PORTAINER_KEYS_PASSPHRASE: PASSPHRASE,
      PORTAINER_USERS_PACKAGE: tarball,
      CI_BUILDS_DIR: buildsDir,
    };
    const run = (name: string) => runGitlabJob(GITLAB, name, { cwd: world?.dir ?? dir, env: machine(), variables });

    const mergeRequest = await run('plan:merge-request');
    expect({ code: mergeRequest.code, stderr: mergeRequest.stderr }).toMatchObject({ code: 0 });
    expect(readFileSync(join(world.dir, 'plan.md'), 'utf8')).toMatch(/^### Portainer users plan for /);
    expect((await run('plan:main')).code).toBe(0);
    const apply = await run('apply');
    expect({ code: apply.code, stderr: apply.stderr, after: apply.afterScript.code }).toEqual({ code: 0, stderr: expect.any(String), after: 0 });
    expect(world.emulator.findUser('alice')?.apiKeys.map((key) => key.description)).toEqual(['deploy']);
    expect(decryptKeys(join(world.dir, 'keys.json.gpg')).users['bob']?.['laptop']).toMatch(/^ptr_/);
    expect(existsSync(join(buildsDir, 'keys.json'))).toBe(false);
    const drift = await run('drift');
    expect(drift.code).toBe(0);
    expect(readFileSync(join(world.dir, 'drift.md'), 'utf8')).toContain('No drift.');
  });
});

const FLEET_GITHUB = join(CI, 'fleet.github.yml');
const FLEET_GITLAB = join(CI, 'fleet.gitlab-ci.yml');
/** PORTAINER_PASSWORDS of a fleet: every secret fleet.yaml and its manifests reference, one NAME=value per line. */
const FLEET_PASSWORDS = Object.entries(EXAMPLE_FLEET_SECRETS).map(([name, value]) => `${name}=${value}`).join('\n');

describe('examples/ci/fleet.github.yml', () => {
  /** One job of the fleet workflow for one event, as GitHub would start it. */
  function fleetJob(w: FleetWorld, job: string, event: WorkflowEvent, more: { needs?: Record<string, JobRecord>; matrix?: unknown } = {}) {
    return runJob(FLEET_GITHUB, job, event, fleetOptions(w, more));
  }

  function fleetOptions(w: FleetWorld, more: { needs?: Record<string, JobRecord>; matrix?: unknown } = {}) {
    return {
      workspace: w.dir,
      base: dir,
      env: machine(),
      secrets: { PORTAINER_PASSWORDS: FLEET_PASSWORDS, PORTAINER_KEYS_PASSPHRASE: PASSPHRASE },
      actions: { 'portainer-users/portainer-users': ROOT },
      repository: REPOSITORY,
      token: TOKEN,
      ...(more.needs ? { needs: more.needs } : {}),
      ...(more.matrix ? { matrix: more.matrix as never } : {}),
    };
  }

  it('plans the fleet in one comment on a pull request, then applies each target in its own matrix job on merge', async () => {
    fleet = await startExampleFleet('fleet', ['prod-eu', 'staging']);
    const plan = await fleetJob(fleet, 'plan', EVENTS.pullRequest);
    expect({ ran: plan.ran, failed: plan.failed }, failedStep(plan)).toEqual({ ran: true, failed: false });
    expect((await fleetJob(fleet, 'targets', EVENTS.pullRequest)).ran).toBe(false);
    const [comment] = gh.github().comments;
    expect(gh.github().comments).toHaveLength(1);
    const marker = JSON.parse(/^<!-- portainer-users plan: (.*) -->$/m.exec(comment?.body ?? '')?.[1] ?? 'null') as { fleet: string; digests: Record<string, string> };
    expect(marker.fleet).toBe('fleet/fleet.yaml');
    expect(Object.keys(marker.digests)).toEqual(['prod-eu', 'staging']);
    expect(comment?.body).toContain('### Portainer users fleet plan');
    for (const digest of Object.values(marker.digests)) expect(comment?.body).toContain(digest);
    expect(fleet.emulators['staging']?.findUser('bob')).toBeUndefined();

    gh.update((github) => void (github.pulls[EVENTS.merge.sha] = 12));
    const targets = await fleetJob(fleet, 'targets', EVENTS.merge);
    expect({ ran: targets.ran, failed: targets.failed }, failedStep(targets)).toEqual({ ran: true, failed: false });
    const matrix = matrixOf(FLEET_GITHUB, 'apply', EVENTS.merge, fleetOptions(fleet, { needs: { targets } }));
    expect(matrix.map((entry) => (entry as { target: { name: string } }).target.name)).toEqual(['prod-eu', 'staging']);
    for (const entry of matrix) {
      const apply = await fleetJob(fleet, 'apply', EVENTS.merge, { needs: { targets }, matrix: entry });
      expect({ ran: apply.ran, failed: apply.failed }, failedStep(apply)).toEqual({ ran: true, failed: false });
    }
    expect(fleet.emulators['prod-eu']?.findUser('erin')?.role).toBe('admin');
    expect(fleet.emulators['staging']?.findUser('bob')?.role).toBe('admin');

    const nightly = await fleetJob(fleet, 'drift', EVENTS.nightly);
    expect({ ran: nightly.ran, failed: nightly.failed }, failedStep(nightly)).toEqual({ ran: true, failed: false });
    expect(nightly.summary).toContain('### Portainer users fleet drift');
    expectNoSecretsIn([plan, targets, nightly].flatMap((job) => [job.summary, ...job.steps.flatMap((step) => [step.stdout.replace(/^::add-mask::.*$/gm, ''), step.stderr])]), Object.values(EXAMPLE_FLEET_SECRETS));
  });

  it('serialises applies per target and applies only the reviewed target', () => {
    const workflow = parse(readFileSync(FLEET_GITHUB, 'utf8')) as { jobs: Record<string, { concurrency?: unknown; strategy?: { matrix?: unknown }; steps: { uses?: string; with?: Record<string, string> }[] }> };
    const apply = workflow.jobs['apply'];
    expect(apply?.concurrency).toEqual({ group: 'portainer-users-apply-${{ matrix.target.name }}', 'cancel-in-progress': false });
    expect(apply?.strategy?.matrix).toEqual({ target: '${{ fromJSON(needs.targets.outputs.targets) }}' });
    expect(apply?.steps.find((step) => step.with?.['command'] === 'apply')?.with).toMatchObject({ target: '${{ matrix.target.name }}', 'expect-digest': 'pull-request' });
  });
});

describe('examples/ci/fleet.gitlab-ci.yml', () => {
  it('plans the fleet on a merge request, applies each target in a child pipeline job of its own resource group', async () => {
    fleet = await startExampleFleet('fleet', ['prod-eu', 'staging']);
    const workspace = fleet.dir;
    writeFileSync(join(workspace, '.gitlab-ci.yml'), readFileSync(FLEET_GITLAB, 'utf8'));
    writeFileSync(join(workspace, 'passwords'), FLEET_PASSWORDS);
    const buildsDir = join(workspace, 'builds');
    mkdirSync(buildsDir);
    const variables = { PORTAINER_PASSWORDS: join(workspace, 'passwords'), PORTAINER_KEYS_PASSPHRASE: PASSPHRASE, PORTAINER_USERS_PACKAGE: tarball, CI_BUILDS_DIR: buildsDir };
    const run = (file: string, name: string) => runGitlabJob(file, name, { cwd: workspace, env: machine(), variables });

    const mergeRequest = await run(join(workspace, '.gitlab-ci.yml'), 'plan:merge-request');
    expect({ code: mergeRequest.code, stderr: mergeRequest.stderr }).toMatchObject({ code: 0 });
    expect(readFileSync(join(workspace, 'plan.md'), 'utf8')).toMatch(/^### Portainer users fleet plan\n\n\*\*2 targets: 2 with changes\.\*\*/);
    expect((await run(join(workspace, '.gitlab-ci.yml'), 'fleet:targets')).code).toBe(0);
    const child = parse(readFileSync(join(workspace, 'fleet-apply.yml'), 'utf8')) as Record<string, { resource_group?: string; environment?: string }>;
    expect(Object.keys(child)).toEqual(['include', 'apply:prod-eu', 'apply:staging']);
    expect(child['apply:prod-eu']).toMatchObject({ resource_group: 'portainer-users-apply-prod-eu', environment: 'portainer-prod-eu' });
    for (const name of ['apply:prod-eu', 'apply:staging']) {
      const apply = await run(join(workspace, 'fleet-apply.yml'), name);
      expect({ name, code: apply.code, stderr: apply.stderr, after: apply.afterScript.code }).toEqual({ name, code: 0, stderr: expect.any(String), after: 0 });
    }
    expect(fleet.emulators['prod-eu']?.findUser('erin')?.role).toBe('admin');
    expect(fleet.emulators['staging']?.findUser('bob')?.role).toBe('admin');
    // The drift job is the GitHub workflow's drift step as a script (run there); each job here installs the package.
  });
});

/** The password loaders run in bash, as on the runners; values may hold `=`, `$` and quotes. */
describe('loading PORTAINER_PASSWORDS', () => {
  const passwords = 'ALICE_PASSWORD=a=b$HOME"x\'\r\n# a comment\n\nBOB_PASSWORD=bob-password-00003';
  let scratch: string;
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  /** Every string in a parsed YAML file, to find one step's script by what it says. */
  function stringsIn(value: unknown): string[] {
    if (typeof value === 'string') return [value];
    if (Array.isArray(value)) return value.flatMap(stringsIn);
    if (value && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
    return [];
  }

  function loaderOf(file: string, marker: string): string {
    const script = stringsIn(parse(readFileSync(file, 'utf8'))).find((text) => text.includes(marker));
    expect(script).toBeDefined();
    return script as string;
  }

  it('GitHub masks each value and sets it for later steps', () => {
    scratch = mkdtempSync(join(tmpdir(), 'pu-ci-'));
    const githubEnv = join(scratch, 'github-env');
    writeFileSync(githubEnv, '');
    const output = execFileSync('bash', ['--norc', '-e', '-c', loaderOf(GITHUB, '::add-mask::')], {
      env: { PATH: process.env['PATH'] ?? '', PORTAINER_PASSWORDS: passwords, GITHUB_ENV: githubEnv },
      encoding: 'utf8',
    });
    expect(output).toBe('::add-mask::a=b$HOME"x\'\n::add-mask::bob-password-00003\n');
    expect(readFileSync(githubEnv, 'utf8')).toBe(
      'ALICE_PASSWORD<<PORTAINER_EOF\na=b$HOME"x\'\nPORTAINER_EOF\nBOB_PASSWORD<<PORTAINER_EOF\nbob-password-00003\nPORTAINER_EOF\n',
    );
  });

  it('GitLab exports each value from the File variable without running it as shell', () => {
    scratch = mkdtempSync(join(tmpdir(), 'pu-ci-'));
    const file = join(scratch, 'passwords');
    writeFileSync(file, passwords);
    const loader = loaderOf(GITLAB, 'PORTAINER_PASSWORDS is a File variable');
    const output = execFileSync('bash', ['--norc', '-e', '-c', `${loader}\nprintf '%s|%s' "$ALICE_PASSWORD" "$BOB_PASSWORD"`], {
      env: { PATH: process.env['PATH'] ?? '', PORTAINER_PASSWORDS: file },
      encoding: 'utf8',
    });
    expect(output).toBe('a=b$HOME"x\'|bob-password-00003');
  });
});

describe('plan --format, for the pull-request comment', () => {
  it('prints markdown, and refuses --json with another --format', async () => {
    world = await startWorld(BASIC, { seed: { users: [seedAdmin(['ci'])] } });
    const markdown = await world.cli(['plan', '-f', 'users.yaml', '--format', 'markdown']);
    expect(markdown.code).toBe(0);
    expect(markdown.stdout).toMatch(/^### Portainer users plan for /);
    const json = await world.cli(['plan', '-f', 'users.yaml', '--format', 'json']);
    expect(JSON.parse(json.stdout).formatVersion).toBe(1);
    const both = await world.cli(['plan', '-f', 'users.yaml', '--json', '--format', 'markdown']);
    expect(both.code).toBe(1);
    expect(both.stderr).toBe("Error: --json and --format markdown ask for two formats; give one\nRun 'portainer-users plan --help' for usage.\n");
  });
});
