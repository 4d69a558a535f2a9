#!/usr/bin/env node
// The access review at scale: 2,000 users (10 administrators), 50 teams,
// 500 environments in 10 groups with grants of users and teams at both
// levels, Business Edition, 10 ms latency. Counts the requests (the lists
// once, the environments in pages, one key list per user), times `audit`
// against a bare fetch floor making the same requests, and measures the HTML
// page: its size, and how long headless Chromium takes to draw it.
// Build first (`npm run build`).   node bench/audit.mjs
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startEmulator } from '../dist/emulator/index.js';
import { launchChromium } from '../scripts/headless-chromium.mjs';
import { runCli, runNode } from './support/child.mjs';
import { finish, median, ms, printTable, seconds } from './support/table.mjs';
import { ADMIN_PASSWORD, USER_PASSWORD } from './support/world.mjs';

const LATENCY_MS = 10;
const CONCURRENCY = 8;
const RUNS = 3;
const USERS = 2_000;
const ADMINS = 10;
const TEAMS = 50;
const ENVIRONMENTS = 500;
const GROUPS = 10;
const PAGE = 100;
const DAY = 86_400;
const FLOOR = fileURLToPath(new URL('./support/audit-floor.mjs', import.meta.url));

const now = Math.floor(Date.now() / 1000);
const names = Array.from({ length: USERS }, (_, index) => (index === 0 ? 'admin' : `user-${String(index).padStart(4, '0')}`));
const teams = Array.from({ length: TEAMS }, (_, index) => `team-${String(index).padStart(2, '0')}`);
const groups = Array.from({ length: GROUPS }, (_, index) => `group-${index}`);
const role = (index) => 1 + (index % 6);

const seeding = performance.now();
const emulator = await startEmulator({ port: 0, latencyMs: LATENCY_MS, edition: 'be', seed: seed() });
const seedMs = performance.now() - seeding;
const dir = mkdtempSync(join(tmpdir(), 'bench-audit-'));
const env = { PORTAINER_URL: emulator.url, PORTAINER_USERNAME: 'admin', PORTAINER_PASSWORD: ADMIN_PASSWORD, BENCH_ADMIN_PASSWORD: ADMIN_PASSWORD };
const rows = [];
let browser;
try {
  await auditOnce(['--format', 'json', '--output', 'review.json']);
  const minimum = 2 + 1 + 1 + 4 + ENVIRONMENTS / PAGE + USERS; // status, admin check; login; users; teams, memberships, groups, roles; pages; key lists
  const requests = emulator.requests.length;
  rows.push({ name: 'requests (status, admin check, login, 5 lists, 5 pages, 2,000 key lists)', figure: `${requests} (min ${minimum})`, target: 'the minimum', ratio: requests / minimum, limit: 1, exact: true });
  rows.push({ name: 'writes', figure: String(emulator.requests.filter((request) => request.method !== 'GET' && request.path !== '/api/auth').length), target: '0', ratio: 1, limit: 1, exact: true });
  const report = JSON.parse(readFileSync(join(dir, 'review.json'), 'utf8'));
  rows.push({ name: 'cells of access in the review', figure: report.access.length.toLocaleString('en'), target: '-' });

  const audits = [];
  const floors = [];
  for (let run = 0; run < RUNS; run += 1) {
    audits.push((await auditOnce(['--format', 'json', '--output', 'review.json'])).wallMs);
    floors.push((await floorOnce()).wallMs);
  }
  const audit = median(audits);
  const floor = median(floors);
  rows.push({ name: `audit --format json wall time (median of ${RUNS})`, figure: ms(audit), target: '<= 1.25x floor', ratio: audit / floor, limit: 1.25 });
  rows.push({ name: `floor: bare fetch, same requests, concurrency ${CONCURRENCY}`, figure: ms(floor), target: '-' });

  const html = await auditOnce(['--format', 'html', '--output', 'review.html']);
  rows.push({ name: 'audit --format html wall time', figure: ms(html.wallMs), target: '-' });
  const bytes = statSync(join(dir, 'review.html')).size;
  rows.push({ name: 'HTML page size', figure: `${(bytes / 1e6).toFixed(2)} MB`, target: '< 5 MB', ratio: bytes / 5e6, limit: 1 });
  browser = await launchChromium();
  const renders = [];
  for (let run = 0; run < RUNS; run += 1) renders.push(await renderOnce(browser.context, pathToFileURL(join(dir, 'review.html')).href));
  rows.push({ name: `browser: open the page until its matrix is drawn (median of ${RUNS})`, figure: ms(median(renders)), target: '< 2 s', ratio: median(renders) / 2000, limit: 1 });
} finally {
  await browser?.close();
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
}
const misses = printTable(`access review (${USERS.toLocaleString('en')} users, ${TEAMS} teams, ${ENVIRONMENTS} environments in ${GROUPS} groups, ${LATENCY_MS} ms latency, --concurrency ${CONCURRENCY})`, rows);
console.log(`  seeding the emulator took ${seconds(seedMs)} (not part of any figure)`);
finish(misses);

function seed() {
  const users = names.map((username, index) => ({
    username,
    password: index === 0 ? ADMIN_PASSWORD : USER_PASSWORD,
    role: index < ADMINS ? 'admin' : 'standard',
    apiKeys: [{ description: 'deploy', dateCreated: now - (index % 400) * DAY, lastUsed: index % 3 === 0 ? 0 : now - (index % 200) * DAY }],
  }));
  // Every standard user in one team; a quarter of them in a second.
  const members = teams.map(() => []);
  names.forEach((username, index) => {
    if (index < ADMINS) return;
    members[index % TEAMS].push(username);
    if (index % 4 === 0) members[(index + 7) % TEAMS].push(username);
  });
  return {
    users,
    teams: teams.map((name, index) => ({ name, leaders: members[index].slice(0, 1), members: members[index].slice(1) })),
    environmentGroups: groups.map((name, index) => ({ name, teams: [0, 1].map((at) => ({ name: teams[(index * 5 + at) % TEAMS], roleId: role(index + at) })) })),
    environments: Array.from({ length: ENVIRONMENTS }, (_, index) => ({
      name: `env-${String(index).padStart(3, '0')}`,
      group: groups[index % GROUPS],
      users: Array.from({ length: 10 }, (_, at) => ({ name: names[ADMINS + ((index * 37 + at * 101) % (USERS - ADMINS))], roleId: role(index + at) })),
      teams: [0, 1, 2].map((at) => ({ name: teams[(index * 3 + at * 11) % TEAMS], roleId: role(index * 7 + at) })),
    })),
  };
}

async function auditOnce(args) {
  emulator.clearRequests();
  return runCli(['audit', ...args, '--concurrency', String(CONCURRENCY)], { env, cwd: dir });
}

async function floorOnce() {
  emulator.clearRequests();
  const result = await runNode([FLOOR, emulator.url, String(CONCURRENCY)], { env });
  if (result.code !== 0) throw new Error(`the fetch floor failed: ${result.stderr.slice(0, 1000)}`);
  return result;
}

/** From navigation to the drawn matrix, in a fresh page. */
async function renderOnce(context, url) {
  const page = await context.newPage();
  const started = performance.now();
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
  const elapsed = performance.now() - started;
  await page.close();
  return elapsed;
}
