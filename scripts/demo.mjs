// `npm run demo`: a real plan and apply of examples/basic.yaml against the built-in emulator,
// then a second plan showing that the server has converged. Needs a build (npm ci does one).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../dist/emulator/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'portainer-users.js');
const work = mkdtempSync(join(tmpdir(), 'portainer-users-demo-'));
const secretsFile = join(work, 'secrets.json');

// Demo-only passwords for the emulator; the tool never prints them.
const env = {
  ...process.env,
  PORTAINER_ADMIN_PASSWORD: 'demo-admin-password',
  ALICE_PASSWORD: 'demo-alice-password',
  BOB_PASSWORD: 'demo-bob-password',
};

function run(title, args) {
  console.log(`\n$ portainer-users ${args.join(' ')}    # ${title}\n`);
  // The emulator lives in this process, so the CLI runs as a child while we wait asynchronously.
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env, stdio: 'inherit', cwd: root });
    child.on('close', (code) => resolve(code));
  });
}

const emulator = await startEmulator({ port: 0 });
env.PORTAINER_URL = emulator.url;
console.log(`Started the built-in Portainer emulator at ${emulator.url} (a fresh server with no admin yet).`);
try {
  const applied = await run('bootstrap: admin init, users, API keys', [
    'apply', '-f', 'examples/basic.yaml', '--auto-approve', '--secrets-out', secretsFile,
  ]);
  const replanned = await run('again: nothing left to do', ['plan', '-f', 'examples/basic.yaml', '--detailed-exitcode']);
  const secrets = JSON.parse(readFileSync(secretsFile, 'utf8'));
  const count = Object.values(secrets.users).reduce((n, keys) => n + Object.keys(keys).length, 0);
  console.log(`\nThe ${count} new API keys went to ${secretsFile} (mode 0600; never shown), removed with the demo's temporary folder.`);
  process.exitCode = applied === 0 && replanned === 0 ? 0 : 1;
} finally {
  await emulator.close();
  rmSync(work, { recursive: true, force: true });
}
