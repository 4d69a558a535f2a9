import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { startHostilePager, startHostileServer, type HostilePaging, type HostileServer } from '../support/hostile-server.js';
import { manifest } from '../support/manifests.js';
import { writeManifest } from '../manifest/support.js';

let server: HostileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** An answer past the documented cap is refused with a sentence naming the call and the size, at once and never retried. */
describe('answers too large to be Portainer', () => {
  it.each([
    ['a 600 MB answer', 'huge', 600],
    ['a gzip answer that unpacks to 1 GB', 'gzip-bomb', 1024],
  ] as const)('refuses %s in seconds, without retrying it', async (_name, kind, megabytes) => {
    server = await startHostileServer(kind, megabytes);
    const path = writeManifest(manifest([]));
    const started = Date.now();
    const result = await runCli(['plan', '-f', path], { env: { PORTAINER_URL: server.url, PORTAINER_USERNAME: 'admin', PORTAINER_PASSWORD: 'x' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Error: GET http:\/\/127\.0\.0\.1:\d+\/api\/\S+ failed: the answer is larger than 64 MB \(after decompression\)/);
    expect(Date.now() - started).toBeLessThan(15_000);
    // Each of the two public reads once: none was repeated.
    expect(new Set(server.requests).size).toBe(server.requests.length);
  }, 30_000);
});

/** A manifest that names an environment, so a plan reads the environment pages. */
const WITH_ENVIRONMENT = manifest([], 'environments:\n  - name: env-1\n    users: [admin]\n');
const ADMIN = { PORTAINER_USERNAME: 'admin', PORTAINER_PASSWORD: 'x' };

describe('answers no Portainer gives, ended in seconds with one sentence', () => {
  it('refuses JSON nested without end (62 MB of brackets, under the size cap) before parsing it', async () => {
    server = await startHostileServer('deep-nesting', 62);
    const started = Date.now();
    const result = await runCli(['plan', '-f', writeManifest(manifest([]))], { env: { PORTAINER_URL: server.url, ...ADMIN } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Error: GET http:\/\/127\.0\.0\.1:\d+\/api\/\S+ failed: the answer is JSON nested more than 64 levels deep, which no Portainer answer is; refused unparsed\n$/);
    // Dropped at its first chunk, never retried.
    expect(new Set(server.requests).size).toBe(server.requests.length);
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 30_000);

  it.each([
    ['full pages of new environments without end, with no count', 'endless-pages', /^Error: GET \/api\/endpoints\?start=1000001&limit=100&excludeSnapshots=true would read past 1,000,000 environments: the server sends full pages without end and no X-Total-Count; /, 10_000],
    ['pages that repeat whatever start says, with no count', 'repeating-pages', /^Error: GET \/api\/endpoints\?start=101&limit=100&excludeSnapshots=true answered only environments the earlier pages had, though it sent no X-Total-Count and the page before was full; /, 2],
    ['a count that promises 900,000 of 150', 'lying-count', /^Error: GET \/api\/endpoints\?start=\d+&limit=100&excludeSnapshots=true answered no environment, though its X-Total-Count promised 900000; /, 20],
    ['a count of 10^15', 'absurd-count', /^Error: GET \/api\/endpoints\?start=1&limit=100&excludeSnapshots=true says there are 1000000000000000 environments \(X-Total-Count\), more than the 1,000,000 this tool reads; /, 1],
    ['a count of "1e15"', 'not-a-count', /^Error: GET \/api\/endpoints\?start=1&limit=100&excludeSnapshots=true answered X-Total-Count: "1e15", which is not a count; /, 1],
  ] as [string, HostilePaging, RegExp, number][])('stops %s', async (_name, kind, sentence, maxPages) => {
    server = await startHostilePager(kind);
    const result = await runCli(['plan', '-f', writeManifest(WITH_ENVIRONMENT)], { env: { PORTAINER_URL: server.url, ...ADMIN } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(sentence);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    // The page bound is what ends the read; how fast 10,000 pages go is bench/hostile.mjs's to say, not a timed test's.
    expect(server.requests.filter((request) => request.startsWith('GET /api/endpoints')).length).toBeLessThanOrEqual(maxPages);
  }, 60_000);
});
