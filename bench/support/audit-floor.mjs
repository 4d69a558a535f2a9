#!/usr/bin/env node
// The floor for an audit: the requests `audit` makes (the status and the
// admin check, the login, the user list, one key list per user CONCURRENCY at
// a time, the teams, the memberships, the roles, the groups, and the
// environments in pages of 100: the first, then the rest CONCURRENCY at a
// time), issued by bare fetch calls, and nothing else. A child process, like the CLI.
//   node audit-floor.mjs URL CONCURRENCY   (password in BENCH_ADMIN_PASSWORD)
import { bareApi } from './bare-api.mjs';

const [url, concurrencyText] = process.argv.slice(2);
const concurrency = Number(concurrencyText);
const PAGE = 100;
const { call } = bareApi(url);

async function inTurns(items, work) {
  let next = 0;
  async function worker() {
    while (next < items.length) await work(items[next++]);
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

async function environments(headers) {
  const first = await fetch(`${url}/api/endpoints?start=1&limit=${PAGE}&excludeSnapshots=true`, { headers });
  const all = await first.json();
  const total = Number(first.headers.get('x-total-count'));
  const starts = [];
  for (let start = 1 + PAGE; start <= total; start += PAGE) starts.push(start);
  await inTurns(starts, async (start) => all.push(...(await call(`/endpoints?start=${start}&limit=${PAGE}&excludeSnapshots=true`, { headers }))));
  return all;
}

async function keyLists(headers) {
  const users = await call('/users', { headers });
  let read = 0;
  await inTurns(users, async (user) => {
    const response = await fetch(`${url}/api/users/${user.Id}/tokens`, { headers });
    await response.text();
    read += 1;
  });
  return read;
}

const [, , { jwt }] = await Promise.all([
  call('/system/status'),
  call('/users/admin/check'),
  call('/auth', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: process.env.BENCH_ADMIN_PASSWORD }) }),
]);
const headers = { authorization: `Bearer ${jwt}` };
const [keys, , , , , all] = await Promise.all([
  keyLists(headers),
  call('/teams', { headers }),
  call('/team_memberships', { headers }),
  call('/roles', { headers }),
  call('/endpoint_groups', { headers }),
  environments(headers),
]);
console.log(`${keys} key lists and ${all.length} environments read`);
