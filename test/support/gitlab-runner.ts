import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runCommand } from './cli.js';

/**
 * Runs one job of a .gitlab-ci.yml on this machine as a shell runner would:
 * `default.before_script` and the job's `script` in one bash with
 * `set -eo pipefail`, then `after_script` in a shell of its own whatever
 * happened; the file's `variables` first, then the job's, then the CI/CD
 * variables given (which win, as in GitLab). `include: - local:` files
 * (relative to the job's folder) come first and the file's own keys over
 * them; a job's `extends` takes its template's keys first. Rules, stages,
 * images, triggers and artifacts are GitLab's and not emulated: the jobs
 * share one folder.
 */

type GitlabJob = { script: string[]; after_script?: string[]; variables?: Record<string, string>; extends?: string };
type GitlabFile = { variables?: Record<string, string>; default?: { before_script?: string[] }; include?: { local?: string }[] } & Record<string, unknown>;

/** A pipeline file with its local includes merged in (the file's own keys win). */
export function readPipeline(file: string, cwd: string): GitlabFile {
  const own = parse(readFileSync(file, 'utf8')) as GitlabFile;
  const included = (own.include ?? []).flatMap((entry) => (entry.local ? [readPipeline(join(cwd, entry.local), cwd)] : []));
  return Object.assign({}, ...included, own) as GitlabFile;
}

export interface GitlabJobResult {
  code: number;
  stdout: string;
  stderr: string;
  afterScript: { code: number; stdout: string; stderr: string };
}

export async function runGitlabJob(file: string, name: string, options: { cwd: string; env: Record<string, string>; variables: Record<string, string> }): Promise<GitlabJobResult> {
  const pipeline = readPipeline(file, options.cwd);
  const own = pipeline[name] as GitlabJob | undefined;
  const job = own?.extends ? ({ ...(pipeline[own.extends] as GitlabJob), ...own, variables: { ...(pipeline[own.extends] as GitlabJob).variables, ...own.variables } } as GitlabJob) : own;
  if (!job?.script) throw new Error(`${file} has no job ${name}`);
  const env = { ...options.env, ...pipeline.variables, ...job.variables, ...options.variables };
  const shell = (lines: string[]) => runCommand('bash', ['--noprofile', '--norc', '-c', ['set -eo pipefail', ...lines].join('\n')], { cwd: options.cwd, env });
  const main = await shell([...(pipeline.default?.before_script ?? []), ...job.script]);
  const after = await shell(job.after_script ?? []);
  return { ...main, afterScript: after };
}
