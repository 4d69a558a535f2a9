import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../support/cli.js';
import { onlyCodeBlock, readDoc } from '../support/docs.js';
import { npmPack, ROOT, VERSION, type Packed } from '../support/package.js';
import { PASSWORD_ENV } from '../support/world.js';

/**
 * The package as a user gets it, from a fresh clone (what is committed, at
 * HEAD, tagged as a release): `npm pack` (its prepare builds), then `npm
 * install -g` of the tarball into an empty prefix, and the installed bin run
 * from a folder that is not a checkout. The same from a git URL of the
 * clone, built by npm itself. The install commands are the README's, as a
 * reader copies them (the prefix given as npm's own variable, the README's
 * `--prefix DIR`; the git URL pointed at the clone).
 */

const INSTALL = onlyCodeBlock(readDoc('README.md'), 'Install', 'sh')
  .split('\n')
  .map((line) => line.replace(/\s+#.*$/, '').trim());
const TARBALL_LINE = INSTALL.find((line) => line.startsWith('npm pack && ')) ?? '';
const GIT_LINE = INSTALL.find((line) => line.startsWith('npm install -g git+')) ?? '';
const RELEASE_URL = /git\+\S+?\.git(?=#)/;

/** What npm printed while it installed, with every script it ran shown (`--foreground-scripts`). */
let tarballInstallOutput = '';

/** Runs one of the README's install commands in `cwd`, installing into `prefix`; returns the installed bin. */
async function installAsTheReadmeSays(command: string, prefix: string, cwd: string): Promise<string> {
  const env = { npm_config_prefix: prefix, npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_foreground_scripts: 'true' };
  const result = await runCommand('bash', ['-c', command], { cwd, env });
  if (result.code !== 0) throw new Error(`${command} failed (${result.code}): ${result.stderr.slice(-4000)}`);
  if (command.includes('.tgz')) tarballInstallOutput = result.stdout + result.stderr;
  return join(prefix, 'bin', 'portainer-users');
}

const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
let dir: string;
let clone: string;
let packed: Packed;
let bin: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pu-package-'));
  clone = join(dir, 'clone');
  const git = promisify(execFile);
  await git('git', ['clone', '--quiet', ROOT, clone]);
  await git('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.invalid', 'tag', '--force', '-a', `v${VERSION}`, '-m', 'release'], { cwd: clone });
  // The README's `npm pack`, with the listing of what it packed and the tarball beside the others.
  packed = await npmPack(clone, dir);
  const install = TARBALL_LINE.slice('npm pack && '.length);
  expect(install).toBe(`npm install -g ./${basename(packed.tarball)}`);
  bin = await installAsTheReadmeSays(install, join(dir, 'prefix'), dir);
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the tarball', () => {
  it('is built by npm pack in a fresh clone', () => {
    expect(existsSync(join(clone, 'node_modules'))).toBe(false);
    expect(existsSync(join(clone, 'dist', 'bundle', 'main.js'))).toBe(true);
  });

  it('holds the bin, the built CLI, the schema, the licence and the changelog, and nothing from the sources or the tests', () => {
    for (const file of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'bin/portainer-users.js', 'dist/bundle/main.js', 'dist/index.js', 'dist/index.d.ts', 'schemas/manifest.schema.json']) {
      expect(packed.files).toContain(file);
    }
    const outside = packed.files.filter((file) => !/^(bin|dist|schemas)\//.test(file) && !['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md'].includes(file));
    expect(outside).toEqual([]);
    expect(packed.files.filter((file) => /\.ts$/.test(file) && !file.endsWith('.d.ts'))).toEqual([]);
  });

  it('has what a registry page shows: repository, keywords, engines, files, bin, licence', () => {
    expect(packageJson).toMatchObject({
      name: 'portainer-users',
      license: 'MIT',
      engines: { node: '>=20' },
      bin: { 'portainer-users': 'bin/portainer-users.js' },
      repository: { type: 'git', url: expect.stringMatching(/^git\+https:\/\//) },
    });
    expect(packageJson['keywords']).toEqual(expect.arrayContaining(['portainer', 'cli']));
    expect(packageJson['files']).toEqual(expect.arrayContaining(['bin', 'dist', 'schemas']));
    expect(readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8')).toContain(`## [${VERSION}]`);
  });
});

describe('npm install -g ./portainer-users-<version>.tgz', () => {
  it("runs no script of the package (docs/ci.md: npm 11's allowScripts warning names prepare, which is not run)", () => {
    // npm shows a script it runs as `> portainer-users@<version> prepare`; the tarball has no scripts/ to run.
    expect(tarballInstallOutput).not.toMatch(/> portainer-users@\S+ (prepare|install|postinstall|preinstall)/);
    expect(packed.files.some((file) => file.startsWith('scripts/'))).toBe(false);
    // npm 11 warns all the same; npm 10 does not. What the docs say it prints is what it prints.
    const warning = /install-scripts\s+portainer-users@\S+ \(prepare: node scripts\/prepare\.mjs\)/;
    if (/not yet covered by allowScripts/.test(tarballInstallOutput)) expect(tarballInstallOutput).toMatch(warning);
    expect(readDoc('ci.md')).toMatch(warning);
  });

  it('installs the runtime dependencies and none of the development ones', () => {
    const installed = join(dir, 'prefix', 'lib', 'node_modules', 'portainer-users');
    expect(installedPackages(installed)).toEqual(runtimeDependenciesInLockfile());
    expect(existsSync(join(installed, 'src'))).toBe(false);
  });

  it('gives a portainer-users that prints its version and validates an example', async () => {
    const version = await runCommand(bin, ['--version'], { cwd: dir });
    expect(version).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
    copyFileSync(join(ROOT, 'examples', 'basic.yaml'), join(dir, 'users.yaml'));
    const validate = await runCommand(bin, ['validate', '-f', 'users.yaml'], { cwd: dir, env: PASSWORD_ENV });
    expect(validate).toEqual({ code: 0, stdout: 'users.yaml: valid (2 admins, 1 standard user, 1 team, 2 API keys)\n', stderr: '' });
  });

  it('runs its emulator, and plans against it over HTTP', async () => {
    const emulator = await startInstalledEmulator(bin);
    try {
      copyFileSync(join(ROOT, 'examples', 'basic.yaml'), join(dir, 'users.yaml'));
      const env = { ...PASSWORD_ENV, PORTAINER_URL: emulator.url };
      const plan = await runCommand(bin, ['plan', '-f', 'users.yaml', '--detailed-exitcode', '--no-color'], { cwd: dir, env });
      expect({ code: plan.code, stderr: plan.stderr }).toEqual({ code: 2, stderr: '' });
      expect(plan.stdout).toContain('+ admin');
      expect(plan.stdout).toMatch(/^Plan: \d+ to add/m);
      const json = JSON.parse((await runCommand(bin, ['plan', '-f', 'users.yaml', '--json'], { cwd: dir, env })).stdout) as { target: string; changesDigest: string };
      expect(json.target).toBe(emulator.url);
      expect(json.changesDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    } finally {
      await emulator.stop();
    }
  });
});

describe('npm install -g git+file://…#v<version> (a git URL, built by prepare)', () => {
  it('builds in npm\'s clone and gives a working portainer-users', async () => {
    const prefix = join(dir, 'git-prefix');
    expect(GIT_LINE).toMatch(new RegExp(`^npm install -g ${RELEASE_URL.source}#v${VERSION.replace(/\./g, '\\.')}$`));
    const installed = await installAsTheReadmeSays(GIT_LINE.replace(RELEASE_URL, `git+file://${clone}`), prefix, dir);
    expect(await runCommand(installed, ['--version'], { cwd: dir })).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
    expect((await runCommand(installed, ['validate', '-f', join(ROOT, 'examples', 'basic.yaml')], { cwd: dir })).code).toBe(0);
    // Not a link into npm's temporary clone (npm/cli#6984), and with its runtime dependencies.
    const folder = join(prefix, 'lib', 'node_modules', 'portainer-users');
    expect(installedPackages(folder)).toEqual(runtimeDependenciesInLockfile());
    expect(existsSync(join(folder, 'dist', 'bundle', 'main.js'))).toBe(true);
  }, 180_000);
});

/** The packages installed beside a package, by name (scoped ones as @scope/name). */
function installedPackages(folder: string): string[] {
  const modules = join(folder, 'node_modules');
  return readdirSync(modules)
    .filter((name) => !name.startsWith('.'))
    .flatMap((name) => (name.startsWith('@') ? readdirSync(join(modules, name)).map((inner) => `${name}/${inner}`) : [name]))
    .sort();
}

/** The top-level packages of the lockfile that are not development-only: the dependencies and theirs. */
function runtimeDependenciesInLockfile(): string[] {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  return Object.entries(lock.packages)
    .filter(([path, entry]) => /^node_modules\/(@[^/]+\/)?[^/]+$/.test(path) && !entry.dev)
    .map(([path]) => path.slice('node_modules/'.length))
    .sort();
}

interface InstalledEmulator {
  url: string;
  stop(): Promise<void>;
}

/** `portainer-users emulator --port 0` from the installed bin; resolves with its URL once it listens. */
function startInstalledEmulator(command: string): Promise<InstalledEmulator> {
  const child: ChildProcess = spawn(command, ['emulator', '--port', '0', '--quiet'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const stop = async () => {
    child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const url = /^Portainer emulator listening on (\S+)$/m.exec(stdout)?.[1];
      if (url) resolve({ url, stop });
    });
    child.on('exit', (code) => reject(new Error(`the installed emulator exited with ${code}: ${stderr}`)));
  });
}
