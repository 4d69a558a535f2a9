import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { startHostileServer, type HostileServer } from '../support/hostile-server.js';
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
