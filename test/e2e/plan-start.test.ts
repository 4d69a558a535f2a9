import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASIC } from '../support/manifests.js';
import { CONVERGED_BASIC } from '../support/seeds.js';
import { startWorld, type World } from '../support/world.js';

/**
 * A plan sends its public reads before most of the CLI is loaded, and its
 * client claims them as their first attempts (a plain `plan -f` even before
 * commander loads: src/cli/early-start.ts). Whatever the shape of the
 * arguments, the server sees the same requests, and a usage mistake none.
 */
let world: World;
beforeAll(async () => {
  world = await startWorld(BASIC, { seed: CONVERGED_BASIC });
});
afterAll(() => world.close());

const PUBLIC_READS = ['/api/system/status', '/api/settings/public', '/api/users/admin/check'];

/** How often each public read reached the server during `run`. */
async function publicReadsOf(run: () => Promise<unknown>): Promise<number[]> {
  world.emulator.clearRequests();
  await run();
  return PUBLIC_READS.map((path) => world.emulator.requests.filter((request) => request.method === 'GET' && request.path === path).length);
}

describe("a plan's public reads", () => {
  it.each([
    ['with each option and its value apart', ['plan', '-f', 'users.yaml', '--format', 'json', '--timeout', '20000']],
    ['with --option=value', ['plan', '--file=users.yaml', '--format=json', '--timeout=20000']],
  ])('reach the server once each, %s, and the plan is the same', async (_shape, args) => {
    let stdout = '';
    const counts = await publicReadsOf(async () => {
      const result = await world.cli(args);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      stdout = result.stdout;
    });
    expect(counts).toEqual([1, 1, 1]);
    expect(JSON.parse(stdout)).toMatchObject({ summary: { create: 0, update: 0, replace: 0, delete: 0 } });
  });

  it('are each logged once with --debug, as any request', async () => {
    const result = await world.cli(['plan', '-f', 'users.yaml', '--debug']);
    expect(result.code).toBe(0);
    for (const path of PUBLIC_READS) expect(result.stderr.split('\n').filter((line) => line.startsWith(`debug: GET ${path} -> 20`))).toHaveLength(1);
  });

  it.each([
    [['plan', '-f', 'users.yaml', '--format', 'yaml']],
    [['plan', '-f', 'users.yaml', '--timeout', '0']],
    [['plan', '-f', 'users.yaml', '--json', '--format', 'markdown']],
    [['plan', '-f', 'users.yaml', '--bogus']],
    [['plan', '--url']],
  ])('are not sent when the arguments are a mistake: %j', async (args) => {
    const counts = await publicReadsOf(async () => expect((await world.cli(args)).code).toBe(1));
    expect(counts).toEqual([0, 0, 0]);
  });
});
