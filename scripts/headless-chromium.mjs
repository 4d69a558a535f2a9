// Debian's Chromium, headless, for the audit page's test, its screenshot and
// its benchmark. The machines' network is closed, so everything that would
// call home is off, and each launch gets a fresh profile that is removed
// when the browser closes. A missing browser is an error that says how to
// install it, never a quiet skip.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A browser context of its own; `close()` ends the browser and removes its profile. */
export async function launchChromium(viewport = { width: 1280, height: 800 }) {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}: install Debian's package (apt-get install -y chromium), as .ci/run does`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'pu-chromium-'));
  // Playwright passes the profile as --user-data-dir itself (a fresh one per launch).
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
