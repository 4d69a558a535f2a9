#!/usr/bin/env node
// The floor for creating users: the requests `apply` makes (the plan's reads,
// then one `POST /users` per new user), issued by a bare loop of fetch calls
// at a given concurrency, and nothing else. A child process, like the CLI.
//   node create-floor.mjs URL CONCURRENCY NAMES.json   (passwords in BENCH_ADMIN_PASSWORD, BENCH_USER_PASSWORD)
import { readFileSync } from 'node:fs';
import { bareApi } from './bare-api.mjs';

const [url, concurrencyText, namesFile] = process.argv.slice(2);
const concurrency = Number(concurrencyText);
const names = JSON.parse(readFileSync(namesFile, 'utf8'));

const { call, openAsAdmin } = bareApi(url);
const jwt = await openAsAdmin(process.env.BENCH_ADMIN_PASSWORD);
const headers = { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' };
await call('/users', { headers });
let next = 0;
async function worker() {
  while (next < names.length) {
    const username = names[next++];
    await call('/users', { method: 'POST', headers, body: JSON.stringify({ username, password: process.env.BENCH_USER_PASSWORD, role: 2 }) });
  }
}
await Promise.all(Array.from({ length: concurrency }, worker));
console.log(`${names.length} users created`);
