#!/usr/bin/env node
// Per-request cost of the HTTP client alone: 1,000 GETs at concurrency 8
// against a local node:http server (in a child process, so its CPU is not
// counted), by a bare node:http loop, bare fetch, ky over fetch, and the
// tool's transport (ky deciding retries, each attempt on node:http:
// src/portainer/transport/transport.ts, exchange.ts). CPU is this process's user+system time.
// Build first (`npx tsc -p tsconfig.json`).
//   node bench/fetch-micro.mjs [REQUESTS] [ROUNDS]
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import ky from 'ky';
import { Agent, request } from 'node:http';
import { DEFAULT_RETRY_POLICY } from '../dist/portainer/transport/retry.js';
import { Transport } from '../dist/portainer/transport/transport.js';

const REQUESTS = Number(process.argv[2] ?? 1_000);
const ROUNDS = Number(process.argv[3] ?? 5);
const CONCURRENCY = 8;
// A key list's answer, roughly: a small JSON array.
const BODY = JSON.stringify([{ id: 1, userId: 2, description: 'ci', prefix: 'ptr_abc', dateCreated: 1_700_000_000, lastUsed: 0 }]);

if (process.argv[2] === '--serve') {
  const { createServer } = await import('node:http');
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(BODY));
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.send(server.address().port));
} else {
  const child = fork(fileURLToPath(import.meta.url), ['--serve']);
  const port = await new Promise((resolve) => child.once('message', resolve));
  const base = `http://127.0.0.1:${port}`;
  const headers = { accept: 'application/json', authorization: 'Bearer x.y.z' };
  const options = { prefixUrl: `${base}/`, timeout: false, retry: 0, throwHttpErrors: false, redirect: 'manual', credentials: 'omit', headers };
  const kyFetch = ky.create(options);
  const transport = new Transport({ apiUrl: `${base}/api`, timeoutMs: 30_000, retry: DEFAULT_RETRY_POLICY, pacer: async () => ({ acquire: async () => {} }) });
  const agent = new Agent({ keepAlive: true });
  const clients = {
    'bare node:http': (id) => bareGet(`${base}/api/users/${id}/tokens`, headers, agent),
    'bare fetch': (id) => fetch(`${base}/api/users/${id}/tokens`, { headers, signal: AbortSignal.timeout(30_000) }).then((r) => r.text()),
    'ky over fetch': (id) => kyFetch(`api/users/${id}/tokens`, { signal: AbortSignal.timeout(30_000) }).then((r) => r.text()),
    'the transport': (id) => transport.send({ method: 'GET', route: `users/${id}/tokens`, headers: { authorization: headers.authorization } }),
  };
  const results = Object.fromEntries(Object.keys(clients).map((name) => [name, []]));
  for (const name of Object.keys(clients)) await run(clients[name]); // warm-up: connections, JIT
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [name, client] of Object.entries(clients)) results[name].push(await run(client));
  }
  console.log(`${REQUESTS} GETs, concurrency ${CONCURRENCY}, median of ${ROUNDS} rounds (interleaved)`);
  console.log('client                 wall ms   CPU ms   CPU µs/request');
  for (const [name, runs] of Object.entries(results)) {
    const wall = median(runs.map((r) => r.wallMs));
    const cpu = median(runs.map((r) => r.cpuMs));
    console.log(`${name.padEnd(22)} ${wall.toFixed(0).padStart(7)} ${cpu.toFixed(0).padStart(8)} ${((cpu * 1000) / REQUESTS).toFixed(0).padStart(16)}`);
  }
  child.kill();
}

/** The floor: one GET on a keep-alive agent, its body read whole. */
function bareGet(url, headers, agent) {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { headers, agent }, (incoming) => {
      const chunks = [];
      incoming.on('data', (chunk) => chunks.push(chunk));
      incoming.on('end', () => resolve(Buffer.concat(chunks).toString()));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

async function run(client) {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < REQUESTS) await client(next++);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const cpu = process.cpuUsage(cpuBefore);
  return { wallMs: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000 };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
