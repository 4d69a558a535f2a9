// `prepare`: builds dist/. npm runs it after `npm ci`, before `npm pack`, and
// when it installs the package from a git URL. Where the build tools are not
// installed (`npm pack` in a fresh clone, npm's clone of a git URL), it builds
// in a temporary copy of the sources with the locked ones and copies dist/ back.
//
// A global install from git (`npm install -g git+https://…#v0.1.0`) needs a
// workaround for npm/cli#8440 and #6984. npm clones the repository into its
// cache and runs `npm install` there to fetch the devDependencies, but that
// inner install inherits --global: it installs none of them, and it replaces
// the global package folder, into which npm is already unpacking the runtime
// dependencies, with a link to the temporary clone, which npm deletes once it
// has packed it. So, in npm's clone of a global git install:
//   - the inner install's run of this script does nothing;
//   - the run that comes next, when npm packs the clone, builds in a copy
//     (leaving the clone's node_modules to npm) and puts a real folder where
//     the link was, holding the runtime dependencies, for npm to unpack the
//     package into.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const env = process.env;
const here = realpathSync('.');
const BUILD_INPUTS = ['package.json', 'package-lock.json', 'tsconfig.json', 'src', 'scripts'];

/** Runs npm, its output on stderr: stdout stays `npm pack --json`'s. */
function npm(args, options = {}) {
  const result = spawnSync('npm', args, { stdio: ['ignore', 2, 2], env, ...options });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** The environment of a plain, local npm: nothing inherited that says --global. */
function localEnvironment() {
  const local = { ...env };
  for (const name of Object.keys(local)) {
    if (/^npm_config_(global|prefix|location)$/i.test(name)) delete local[name];
  }
  return local;
}

/** Builds in `copy`, a copy of the sources, with the locked dependencies; brings dist/ back. */
function buildIn(copy) {
  for (const input of BUILD_INPUTS) cpSync(input, join(copy, input), { recursive: true });
  const options = { cwd: copy, env: localEnvironment() };
  npm(['ci', '--ignore-scripts', '--no-audit', '--no-fund'], options);
  npm(['run', 'build'], options);
  rmSync('dist', { recursive: true, force: true });
  cpSync(join(copy, 'dist'), 'dist', { recursive: true });
}

/** The lockfile's top-level folders of packages that are not development-only. */
function runtimeFolders() {
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
  return Object.entries(lock.packages)
    .filter(([path, entry]) => /^node_modules\/(@[^/]+\/)?[^/]+$/.test(path) && !entry.dev)
    .map(([path]) => path);
}

/** Puts a real folder, with the runtime dependencies built in `copy`, where npm linked the global package to this clone. */
function replaceGlobalLink(copy) {
  const name = JSON.parse(readFileSync('package.json', 'utf8')).name;
  const prefix = env.npm_config_global_prefix;
  if (!prefix) return;
  for (const link of [join(prefix, 'lib', 'node_modules', name), join(prefix, 'node_modules', name)]) {
    if (!existsSync(link) || !lstatSync(link).isSymbolicLink() || realpathSync(link) !== here) continue;
    rmSync(link);
    mkdirSync(link);
    for (const folder of runtimeFolders()) cpSync(join(copy, folder), join(link, folder), { recursive: true });
  }
}

const inNpmGitClone = /[\\/]_cacache[\\/]tmp[\\/]git-clone[^\\/]*$/.test(here);
const globalGitInstall = env.npm_config_global === 'true' && inNpmGitClone;
// pacote marks the inner install's environment with the git dependencies it is preparing.
if (globalGitInstall && env._PACOTE_NO_PREPARE_) process.exit(0);
if (!globalGitInstall && existsSync(join('node_modules', '.bin', 'tsc'))) {
  npm(['run', 'build']);
} else {
  const copy = mkdtempSync(join(tmpdir(), 'portainer-users-build-'));
  try {
    buildIn(copy);
    if (globalGitInstall) replaceGlobalLink(copy);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}
