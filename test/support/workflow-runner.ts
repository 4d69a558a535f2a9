import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { parse } from 'yaml';
import { runCommand } from './cli.js';
import { stepFiles } from './github-files.js';
import { condition, evaluate, interpolate, type Contexts, type JobStatus, type Value } from './workflow-expressions.js';

/**
 * Runs one job of a GitHub Actions workflow on this machine, as a runner
 * would: the job's and each step's `if:`, `${{ }}` in `run:`, `env:` and
 * `with:`, `run:` steps in bash (`-eo pipefail`) with the runner's files
 * (GITHUB_ENV and GITHUB_PATH carried to later steps, GITHUB_OUTPUT into
 * `steps.<id>.outputs`), and composite actions (this repository's
 * action.yml) step by step. actions/checkout and actions/setup-node do
 * nothing (the workspace is there, node is on PATH); actions/upload-artifact
 * records what it would keep. A job's `outputs` are evaluated after its
 * steps; `needs` and `matrix` come from the caller (`matrixOf` expands a
 * job's `strategy.matrix`, `fromJSON` included). Concurrency, permissions and
 * environments are GitHub's and not emulated.
 */

export interface WorkflowEvent {
  name: string;
  payload: Record<string, unknown>;
  ref: string;
  sha: string;
  inputs?: Record<string, string>;
}

export interface RunnerOptions {
  /** The checkout every step runs in. */
  workspace: string;
  /** Where the runner's files go; RUNNER_TEMP is its runner-temp/ folder. */
  base: string;
  /** The runner machine's environment (PATH, npm's prefix, the gh stub's files). */
  env: Record<string, string>;
  secrets: Record<string, string>;
  /** owner/name of a `uses:` line -> the folder holding its action.yml. */
  actions: Record<string, string>;
  repository: string;
  /** github.token: what a step gets only by asking for it (`GH_TOKEN: ${{ github.token }}`). */
  token: string;
  /** The `needs` context: the outputs of the jobs this one needs, as those jobs' records give them. */
  needs?: Record<string, { outputs: Record<string, string> }>;
  /** The `matrix` context of one job of a matrix (`matrixOf`). */
  matrix?: Value;
}

export interface StepRecord {
  name: string;
  outcome: 'success' | 'failure' | 'skipped';
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
}

export interface JobRecord {
  ran: boolean;
  failed: boolean;
  steps: StepRecord[];
  summary: string;
  artifacts: { name: string; path: string }[];
  /** The job's `outputs`, evaluated after its steps. */
  outputs: Record<string, string>;
}

type Step = { name?: string; id?: string; if?: string | boolean; uses?: string; run?: string; env?: Record<string, unknown>; with?: Record<string, unknown> };
type Job = { if?: string; env?: Record<string, unknown>; steps: Step[]; outputs?: Record<string, string>; strategy?: { matrix?: Record<string, unknown> } };
type Workflow = { env?: Record<string, unknown>; jobs: Record<string, Job> };
type CompositeAction = { inputs?: Record<string, { default?: unknown }>; outputs?: Record<string, { value: string }>; runs: { using: string; steps: Step[] } };

interface JobState extends JobStatus {
  env: Record<string, string>;
  paths: string[];
  summary: string;
  artifacts: { name: string; path: string }[];
}

export async function runJob(workflowFile: string, jobName: string, event: WorkflowEvent, options: RunnerOptions): Promise<JobRecord> {
  const workflow = parse(readFileSync(workflowFile, 'utf8')) as Workflow;
  const job = workflow.jobs[jobName];
  if (!job) throw new Error(`${workflowFile} has no job ${jobName}`);
  const github = githubContext(event, options);
  const base = baseContexts(event, options);
  const state: JobState = { failed: false, env: {}, paths: [], summary: '', artifacts: [] };
  const steps: StepRecord[] = [];
  if (!condition(job.if, base, state)) return { ran: false, failed: false, steps, summary: '', artifacts: [], outputs: {} };
  state.env = { ...resolve(workflow.env, { ...base, env: {} }, state) };
  Object.assign(state.env, resolve(job.env, { ...base, env: state.env }, state));
  const stepsContext: Record<string, Value> = {};
  for (const step of job.steps) {
    const contexts = { ...base, env: state.env, steps: stepsContext };
    const name = step.name ?? step.uses ?? 'run';
    if (!condition(step.if, contexts, state)) {
      steps.push({ name, outcome: 'skipped', stdout: '', stderr: '', outputs: {} });
      continue;
    }
    const record = await runStep(step, contexts, state, event, options);
    steps.push({ name, ...record });
    if (step.id) stepsContext[step.id] = { outputs: record.outputs, outcome: record.outcome, conclusion: record.outcome };
    if (record.outcome === 'failure') state.failed = true;
  }
  const outputs = resolve(job.outputs, { ...base, env: state.env, steps: stepsContext }, state);
  return { ran: true, failed: state.failed, steps, summary: state.summary, artifacts: state.artifacts, outputs };
}

function baseContexts(event: WorkflowEvent, options: RunnerOptions): Contexts {
  return {
    github: githubContext(event, options),
    inputs: event.inputs ?? {},
    secrets: options.secrets,
    vars: {},
    runner: { temp: join(options.base, 'runner-temp'), os: 'Linux' },
    needs: Object.fromEntries(Object.entries(options.needs ?? {}).map(([name, job]) => [name, { outputs: job.outputs, result: 'success' }])),
    matrix: options.matrix ?? null,
  };
}

/**
 * The jobs a `strategy.matrix` makes, as `matrix` contexts: every combination
 * of its lists, in order; a list given as `${{ fromJSON(...) }}` is evaluated
 * with `options.needs`.
 */
export function matrixOf(workflowFile: string, jobName: string, event: WorkflowEvent, options: RunnerOptions): Value[] {
  const workflow = parse(readFileSync(workflowFile, 'utf8')) as Workflow;
  const matrix = workflow.jobs[jobName]?.strategy?.matrix;
  if (!matrix) throw new Error(`${workflowFile}: job ${jobName} has no strategy.matrix`);
  const contexts = baseContexts(event, options);
  let combinations: Record<string, Value>[] = [{}];
  for (const [key, given] of Object.entries(matrix)) {
    const whole = typeof given === 'string' ? /^\s*\$\{\{([\s\S]*)\}\}\s*$/.exec(given) : null;
    const values = whole ? evaluate(whole[1] as string, contexts) : (given as Value);
    if (!Array.isArray(values)) throw new Error(`${workflowFile}: matrix.${key} is not a list`);
    combinations = combinations.flatMap((combination) => values.map((value) => ({ ...combination, [key]: value })));
  }
  return combinations;
}

function githubContext(event: WorkflowEvent, options: RunnerOptions): Record<string, Value> {
  return {
    event_name: event.name,
    event: event.payload as Value,
    ref: event.ref,
    sha: event.sha,
    repository: options.repository,
    server_url: 'https://github.com',
    run_id: '4242',
    token: options.token,
    workspace: options.workspace,
  };
}

function resolve(values: Record<string, unknown> | undefined, contexts: Contexts, status: JobStatus): Record<string, string> {
  return Object.fromEntries(Object.entries(values ?? {}).map(([name, value]) => [name, interpolate(String(value), contexts, status)]));
}

type Outcome = Omit<StepRecord, 'name'>;

async function runStep(step: Step, contexts: Contexts, state: JobState, event: WorkflowEvent, options: RunnerOptions): Promise<Outcome> {
  const env = { ...state.env, ...resolve(step.env, contexts, state) };
  if (step.run !== undefined) return runShell(interpolate(step.run, contexts, state), env, state, event, options, {});
  const inputs = resolve(step.with, contexts, state);
  const uses = (step.uses ?? '').split('@')[0] as string;
  if (uses === 'actions/checkout' || uses === 'actions/setup-node') return { outcome: 'success', stdout: '', stderr: '', outputs: {} };
  if (uses === 'actions/upload-artifact') {
    const path = isAbsolute(inputs['path'] ?? '') ? (inputs['path'] as string) : join(options.workspace, inputs['path'] ?? '');
    state.artifacts.push({ name: inputs['name'] ?? 'artifact', path });
    return { outcome: 'success', stdout: '', stderr: '', outputs: {} };
  }
  const folder = options.actions[uses];
  if (!folder) throw new Error(`uses: ${step.uses} is not emulated`);
  return runComposite(folder, inputs, env, contexts, state, event, options);
}

async function runComposite(
  folder: string,
  given: Record<string, string>,
  callerEnv: Record<string, string>,
  callerContexts: Contexts,
  state: JobState,
  event: WorkflowEvent,
  options: RunnerOptions,
): Promise<Outcome> {
  const action = parse(readFileSync(join(folder, 'action.yml'), 'utf8')) as CompositeAction;
  if (action.runs.using !== 'composite') throw new Error(`${folder}: only composite actions are emulated`);
  const inputs: Record<string, string> = {};
  for (const [name, input] of Object.entries(action.inputs ?? {})) {
    inputs[name] = given[name] ?? interpolate(String(input.default ?? ''), callerContexts, state);
  }
  const steps: Record<string, Value> = {};
  const status: JobStatus = { failed: false };
  let stdout = '';
  let stderr = '';
  for (const step of action.runs.steps) {
    const contexts: Contexts = { ...callerContexts, inputs, steps, env: callerEnv };
    if (!condition(step.if, contexts, status) || step.run === undefined) continue;
    const env = { ...callerEnv, ...resolve(step.env, contexts, status) };
    const record = await runShell(interpolate(step.run, contexts, status), env, state, event, options, { GITHUB_ACTION_PATH: folder });
    stdout += record.stdout;
    stderr += record.stderr;
    if (step.id) steps[step.id] = { outputs: record.outputs, outcome: record.outcome };
    if (record.outcome === 'failure') status.failed = true;
  }
  const contexts: Contexts = { ...callerContexts, inputs, steps };
  const outputs = Object.fromEntries(Object.entries(action.outputs ?? {}).map(([name, output]) => [name, interpolate(output.value, contexts)]));
  return { outcome: status.failed ? 'failure' : 'success', stdout, stderr, outputs };
}

/** A `run:` script in bash, as GitHub's `shell: bash`; what it writes to the runner's files is carried on. */
async function runShell(
  script: string,
  env: Record<string, string>,
  state: JobState,
  event: WorkflowEvent,
  options: RunnerOptions,
  extra: Record<string, string>,
): Promise<Outcome> {
  const files = stepFiles(options.base, event);
  const file = join(mkdtempSync(join(options.base, 'script-')), 'step.sh');
  writeFileSync(file, script);
  const processEnv: Record<string, string> = {
    ...options.env,
    ...files.env,
    GITHUB_REPOSITORY: options.repository,
    GITHUB_SHA: event.sha,
    GITHUB_REF: event.ref,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '4242',
    GITHUB_WORKSPACE: options.workspace,
    RUNNER_OS: 'Linux',
    ...env,
    ...extra,
    PATH: [...state.paths, options.env['PATH'] ?? ''].join(':'),
  };
  const { code, stdout, stderr } = await runCommand('bash', ['--noprofile', '--norc', '-eo', 'pipefail', file], { cwd: options.workspace, env: processEnv });
  Object.assign(state.env, files.exported());
  state.paths.unshift(...files.paths().reverse());
  state.summary += files.summary();
  return { outcome: code === 0 ? 'success' : 'failure', stdout, stderr, outputs: files.outputs() };
}
