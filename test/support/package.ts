import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCommand } from './cli.js';

/** The project's root: the folder `npm pack` packs and the action's own checkout. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** Runs npm; a failure throws with what npm said. */
async function npm(args: string[], cwd: string): Promise<string> {
  const result = await runCommand('npm', args, { cwd });
  if (result.code !== 0) throw new Error(`npm ${args.join(' ')} failed (${result.code}): ${result.stderr.slice(-4000)}`);
  return result.stdout;
}

export interface Packed {
  tarball: string;
  files: string[];
}

/** `npm pack` of `folder` into `destination`, with its `prepare` (the build) unless told otherwise. */
export async function npmPack(folder: string, destination: string, options: { ignoreScripts?: boolean } = {}): Promise<Packed> {
  const scripts = options.ignoreScripts ? ['--ignore-scripts'] : [];
  const stdout = await npm(['pack', ...scripts, '--json', '--pack-destination', destination], folder);
  const [report] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  if (!report) throw new Error('npm pack reported no tarball');
  return { tarball: join(destination, report.filename), files: report.files.map((file) => file.path) };
}

/**
 * `npm pack` of this checkout into `destination`. Scripts are skipped: `npm
 * test` has just built dist/, and a second build here would delete
 * dist/bundle/ under the test files running beside this one.
 */
export function packProject(destination: string): Promise<Packed> {
  return npmPack(ROOT, destination, { ignoreScripts: true });
}

/** `npm install --global` of a tarball, folder or git URL into `prefix`; returns the installed bin. */
export async function installGlobally(spec: string, prefix: string, cwd: string): Promise<string> {
  await npm(['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', spec], cwd);
  return join(prefix, 'bin', 'portainer-users');
}

/**
 * What a checkout of this working tree holds, copied to `destination`: the
 * tracked and untracked files git does not ignore (no node_modules, no
 * dist), as GitHub checks out an action's repository.
 */
export function copyCheckout(destination: string): void {
  const listing = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
  for (const file of listing.split('\0')) {
    if (file && existsSync(join(ROOT, file))) cpSync(join(ROOT, file), join(destination, file));
  }
}
