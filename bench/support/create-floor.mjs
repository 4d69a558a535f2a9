#!/usr/bin/env node
// The floor for creating users: the requests `apply` makes (the plan's reads,
// then one `POST /users` per new user), issued by a bare loop of fetch calls
// at a given concurrency, and nothing else. A child process, like the CLI.
//   node create-floor.mjs URL CONCURRENCY NAMES.json   (passwords in BENCH_ADMIN_PASSWORD, BENCH_USER_PASSWORD)
import { readFileSync } from 'node:fs';

const [url, concurrencyText, namesFile] = process.argv.slice(2);
const api = `${url}/api`;
const concurrency = Number(concurrencyText);
const names = JSON.parse(readFileSync(namesFile, 'utf8'));

async function call(path, init = {}) {
  const response = await fetch(`${api}${path}`, init);
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path} -> ${response.status}`);
  return text === '' ? undefined : JSON.parse(text);
}

await Promise.all([call('/settings/public'), call('/users/admin/check')]);
const { jwt } = await call('/auth', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: 'admin', password: process.env.BENCH_ADMIN_PASSWORD }),
});
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
