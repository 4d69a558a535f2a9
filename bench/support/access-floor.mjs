#!/usr/bin/env node
// The floor for a plan of environment access: the requests `plan` makes for
// such a manifest (users, teams and memberships, roles, groups, and the
// environments in pages of 100: the first, then the rest CONCURRENCY at a
// time), issued by bare fetch calls, and nothing else. A child process, like the CLI.
//   node access-floor.mjs URL CONCURRENCY   (password in BENCH_ADMIN_PASSWORD)
import { bareApi } from './bare-api.mjs';

const [url, concurrencyText] = process.argv.slice(2);
const concurrency = Number(concurrencyText);
const PAGE = 100;

const { call, openAsAdmin } = bareApi(url);
const jwt = await openAsAdmin(process.env.BENCH_ADMIN_PASSWORD);
const headers = { authorization: `Bearer ${jwt}` };

async function environments() {
  const first = await fetch(`${url}/api/endpoints?start=1&limit=${PAGE}&excludeSnapshots=true`, { headers });
  const all = await first.json();
  const total = Number(first.headers.get('x-total-count'));
  const starts = [];
  for (let start = 1 + PAGE; start <= total; start += PAGE) starts.push(start);
  let next = 0;
  async function worker() {
    while (next < starts.length) all.push(...(await call(`/endpoints?start=${starts[next++]}&limit=${PAGE}&excludeSnapshots=true`, { headers })));
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, starts.length) }, worker));
  return all;
}

const [, , , , , all] = await Promise.all([
  call('/users', { headers }),
  call('/teams', { headers }),
  call('/team_memberships', { headers }),
  call('/roles', { headers }),
  call('/endpoint_groups', { headers }),
  environments(),
]);
console.log(`${all.length} environments read`);
