import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ASSUMED_BUCKET, Pacer, type PacerClock } from '../../src/portainer/pacing/pacing.js';
import { bucketFileFor, pacerFor, pacingDirectory, resetPacing } from '../../src/portainer/pacing/pacing-registry.js';

/** A clock that moves only when someone sleeps on it. */
function fakeClock(start = 1_700_000_000_000): PacerClock & { sleeps: number[] } {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

/** When each of `count` paced calls, asked for back to back, was let through. */
async function sendTimes(pacer: Pacer, clock: PacerClock, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i += 1) {
    await pacer.acquire();
    times.push(clock.now());
  }
  return times;
}

/** Portainer's limiter (burst 10, one token per second): the fewest tokens left at any call. */
function lowestServerTokens(times: number[], start: number): number {
  let tokens = 10;
  let last = start;
  let lowest = tokens;
  for (const time of times) {
    tokens = Math.min(10, tokens + (time - last) / 1000);
    last = time;
    lowest = Math.min(lowest, tokens);
    tokens -= 1;
  }
  return lowest;
}

const directories: string[] = [];
function stateFile(): string {
  const directory = mkdtempSync(join(tmpdir(), 'pu-pacing-'));
  directories.push(directory);
  return join(directory, 'bucket.json');
}
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
  resetPacing();
});

describe('the rate-limit pacer', () => {
  it('lets a burst of 8 through at once, then one call per 1.05 s', async () => {
    const clock = fakeClock();
    const start = clock.now();
    const times = await sendTimes(new Pacer({ clock }), clock, 12);
    expect(times.slice(0, 8).every((time) => time === start)).toBe(true);
    expect(times.slice(8).map((time) => time - start)).toEqual([1050, 2100, 3150, 4200]);
  });

  it('never lets Portainer\'s bucket drop below two tokens, in any window', async () => {
    const clock = fakeClock();
    const start = clock.now();
    const times = await sendTimes(new Pacer({ clock }), clock, 200);
    expect(lowestServerTokens(times, start)).toBeGreaterThanOrEqual(3);
    for (let i = 0; i < times.length; i += 1) {
      for (let j = i; j < times.length; j += 1) {
        const allowed = ASSUMED_BUCKET.burst + (times[j]! - times[i]!) / ASSUMED_BUCKET.refillMs + 1e-6;
        expect(j - i + 1).toBeLessThanOrEqual(allowed);
      }
    }
  });

  it('creates K keys for K users (2K paced calls) within 1.15x of the server\'s floor', async () => {
    for (const users of [20, 50, 100]) {
      const clock = fakeClock();
      const start = clock.now();
      const times = await sendTimes(new Pacer({ clock }), clock, 2 * users);
      const floor = (2 * users - 10) * 1000; // 10 at once, then one per second
      expect(times.at(-1)! - start).toBeLessThanOrEqual(1.15 * floor);
    }
  });

  it('hands out tokens in the order they were asked for', async () => {
    const clock = fakeClock();
    const pacer = new Pacer({ clock });
    const order: number[] = [];
    await Promise.all(Array.from({ length: 10 }, (_, i) => pacer.acquire().then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('refills while idle, up to the burst and no more', async () => {
    const clock = fakeClock();
    const pacer = new Pacer({ clock });
    await sendTimes(pacer, clock, 8);
    await clock.sleep(60_000);
    const before = clock.now();
    const times = await sendTimes(pacer, clock, 9);
    expect(times.slice(0, 8).every((time) => time === before)).toBe(true);
    expect(times[8]! - before).toBe(1050);
  });
});

describe('the pacer across processes', () => {
  it('makes a second process wait for what the first one spent', async () => {
    const clock = fakeClock();
    const file = stateFile();
    await sendTimes(new Pacer({ clock, stateFile: file }), clock, 8);
    const secondProcess = new Pacer({ clock, stateFile: file });
    const before = clock.now();
    await secondProcess.acquire();
    expect(clock.now() - before).toBe(1050);
  });

  it('gives the second process back what refilled in between', async () => {
    const clock = fakeClock();
    const file = stateFile();
    await sendTimes(new Pacer({ clock, stateFile: file }), clock, 8);
    await clock.sleep(3 * 1050);
    const before = clock.now();
    const times = await sendTimes(new Pacer({ clock, stateFile: file }), clock, 4);
    expect(times.map((time) => time - before)).toEqual([0, 0, 0, 1050]);
  });

  it.each([['not json'], ['{"tokens":"many","atMs":0}'], ['null'], ['']])('treats a broken state file (%j) as a full bucket', async (content) => {
    const clock = fakeClock();
    const file = stateFile();
    writeFileSync(file, content);
    const before = clock.now();
    const times = await sendTimes(new Pacer({ clock, stateFile: file }), clock, 8);
    expect(times.every((time) => time === before)).toBe(true);
  });

  it.each([
    ['a link (to a state that says the bucket is full)', (file: string) => {
      writeFileSync(`${file}.elsewhere`, JSON.stringify({ tokens: 8, atMs: 0 }));
      symlinkSync(`${file}.elsewhere`, file);
    }],
    ['a folder', (file: string) => mkdirSync(file)],
    ['a FIFO', (file: string) => execFileSync('mkfifo', [file])],
  ])('treats a state file that is %s as an empty bucket, not a full one, and never hangs on it', async (_what, plant) => {
    const clock = fakeClock();
    const file = stateFile();
    plant(file);
    const before = clock.now();
    const times = await sendTimes(new Pacer({ clock, stateFile: file }), clock, 3);
    expect(times.map((time) => time - before)).toEqual([1050, 2100, 3150]);
  });

  it('treats a missing directory as a full bucket and creates it', async () => {
    const clock = fakeClock();
    const file = join(stateFile(), '..', 'deeper', 'bucket.json');
    const times = await sendTimes(new Pacer({ clock, stateFile: file }), clock, 9);
    expect(times[8]! - times[0]!).toBe(1050);
  });

  it('takes over a lock left behind by a process that died', async () => {
    const clock = fakeClock();
    const file = stateFile();
    writeFileSync(`${file}.lock`, '');
    await new Pacer({ clock, stateFile: file }).acquire();
    expect(clock.sleeps.length).toBeGreaterThan(0);
  });

  it('keeps one bucket per server, whatever URL names it, in a file named by a hash', async () => {
    // 127.0.0.1, 127.0.0.2 and localhost are one loopback listener; another port is another server.
    expect(await pacerFor('http://127.0.0.1:9801')).toBe(await pacerFor('http://localhost:9801'));
    expect(await pacerFor('http://127.0.0.2:9801')).toBe(await pacerFor('http://localhost:9801'));
    // An IPv4 address mapped into IPv6 is that IPv4 address, in any spelling.
    expect(await pacerFor('http://[::ffff:127.0.0.1]:9801')).toBe(await pacerFor('http://127.0.0.1:9801'));
    expect(await pacerFor('http://[0:0:0:0:0:FFFF:7f00:1]:9801')).toBe(await pacerFor('http://127.0.0.1:9801'));
    expect(await pacerFor('http://127.0.0.1:9802')).not.toBe(await pacerFor('http://127.0.0.1:9801'));
    expect(bucketFileFor('address:loopback:9801', pacingDirectory())).toMatch(/portainer-users[^/]*[\\/]rate-limit-[0-9a-f]{24}\.json$/);
    expect(bucketFileFor('address:loopback:9801', pacingDirectory())).not.toContain('loopback');
  });

  it('keeps its state in a private folder of this user, the same whatever TMPDIR says', () => {
    const folder = pacingDirectory();
    const saved = process.env['TMPDIR'];
    process.env['TMPDIR'] = mkdtempSync(join(tmpdir(), 'pu-other-tmp-'));
    try {
      expect(pacingDirectory()).toBe(folder);
    } finally {
      if (saved === undefined) delete process.env['TMPDIR'];
      else process.env['TMPDIR'] = saved;
    }
    expect(statSync(folder).mode & 0o077).toBe(0);
  });

  it('bounds the wait after a clock set back to one refill', async () => {
    const clock = fakeClock();
    const file = join(mkdtempSync(join(tmpdir(), 'pu-pacing-')), 'bucket.json');
    writeFileSync(file, JSON.stringify({ tokens: 0, atMs: clock.now() + 3_600_000 }));
    await new Pacer({ clock, stateFile: file }).acquire();
    expect(clock.sleeps.reduce((sum, ms) => sum + ms, 0)).toBeLessThanOrEqual(ASSUMED_BUCKET.refillMs);
  });
});
