#!/usr/bin/env node
// Makes docs/audit.png: the audit's HTML page for a small Business Edition
// server run by the built-in emulator, drawn by headless Chromium.
// Build first (`npm run build`).   node scripts/audit-screenshot.mjs [OUT.png]
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startEmulator } from '../dist/emulator/index.js';
import { launchChromium } from './headless-chromium.mjs';

const out = process.argv[2] ?? fileURLToPath(new URL('../docs/audit.png', import.meta.url));
const bin = fileURLToPath(new URL('../bin/portainer-users.js', import.meta.url));
const PASSWORD = 'screenshot-password-01';
const DAY = 86_400;
const now = Math.floor(Date.now() / 1000);

const people = ['amara', 'bruno', 'chen', 'dmitri', 'elena', 'farid', 'grace', 'hiro', 'ines', 'jonas', 'kofi', 'lena'];
const emulator = await startEmulator({
  port: 0,
  edition: 'be',
  seed: {
    users: [
      { username: 'admin', password: PASSWORD, role: 'admin', apiKeys: [{ description: 'ci', dateCreated: now - 40 * DAY, lastUsed: now - DAY }] },
      { username: 'break-glass', password: PASSWORD, role: 'admin' },
      ...people.map((username, index) => ({ username, password: PASSWORD, apiKeys: index % 3 === 0 ? [{ description: 'laptop', dateCreated: now - (100 + index * 20) * DAY }] : [] })),
    ],
    teams: [
      { name: 'platform', leaders: ['amara'], members: ['bruno', 'chen'] },
      { name: 'payments', leaders: ['dmitri'], members: ['elena', 'farid', 'chen'] },
      { name: 'support', members: ['grace', 'hiro', 'ines'] },
    ],
    environmentGroups: [
      { name: 'production', teams: [{ name: 'platform', roleId: 1 }, { name: 'support', roleId: 2 }] },
      { name: 'staging', teams: [{ name: 'payments', roleId: 3 }, { name: 'platform', roleId: 5 }], users: [{ name: 'jonas', roleId: 4 }] },
    ],
    environments: [
      { name: 'prod-eu', group: 'production', teams: [{ name: 'payments', roleId: 5 }] },
      { name: 'prod-us', group: 'production', users: [{ name: 'kofi', roleId: 4 }] },
      { name: 'staging-eu', group: 'staging' },
      { name: 'staging-us', group: 'staging', users: [{ name: 'lena', roleId: 3 }] },
      { name: 'ci-runners', teams: [{ name: 'platform', roleId: 5 }, { name: 'payments', roleId: 3 }] },
      { name: 'lab', users: [{ name: 'hiro', roleId: 6 }, { name: 'ines', roleId: 3 }] },
    ],
  },
});
const dir = mkdtempSync(join(tmpdir(), 'audit-screenshot-'));
let browser;
try {
  const page = join(dir, 'review.html');
  // Asynchronously: the emulator answers from this very process.
  await promisify(execFile)(process.execPath, [bin, 'audit', '--format', 'html', '--output', page, '--stale-after', '90d'], {
    env: { ...process.env, PORTAINER_URL: emulator.url, PORTAINER_USERNAME: 'admin', PORTAINER_PASSWORD: PASSWORD },
  });
  browser = await launchChromium({ width: 1180, height: 640 });
  const tab = await browser.context.newPage();
  await tab.goto(pathToFileURL(page).href);
  await tab.waitForSelector('body[data-ready="true"]');
  await tab.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser?.close();
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
}
