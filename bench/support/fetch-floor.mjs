#!/usr/bin/env node
// The floor for a plan: the requests `plan` makes, issued by a bare loop of
// fetch calls at the same concurrency, and nothing else (no manifest, no
// validation, no planning, no rendering). Run as a child process, like the CLI,
// so both pay Node's start-up.
//   node fetch-floor.mjs URL CONCURRENCY NAMES_WITH_KEYS.json   (password in BENCH_ADMIN_PASSWORD)
import { readFileSync } from 'node:fs';
import { bareApi } from './bare-api.mjs';

const [url, concurrencyText, namesFile] = process.argv.slice(2);
const concurrency = Number(concurrencyText);
const withKeys = new Set(JSON.parse(readFileSync(namesFile, 'utf8')));

const { call, openAsAdmin } = bareApi(url);
const jwt = await openAsAdmin(process.env.BENCH_ADMIN_PASSWORD);
const headers = { authorization: `Bearer ${jwt}` };
const users = await call('/users', { headers });
const ids = users.filter((user) => withKeys.has(user.Username)).map((user) => user.Id);
let next = 0;
async function worker() {
  while (next < ids.length) await call(`/users/${ids[next++]}/tokens`, { headers });
}
await Promise.all(Array.from({ length: concurrency }, worker));
console.log(`${ids.length} key lists read`);
