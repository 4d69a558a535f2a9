import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetAuditOf, type AuditReport } from '../../src/audit/index.js';
import { renderFleetAuditHtml } from '../../src/render/audit/html.js';
import { launchChromium } from '../../scripts/headless-chromium.mjs';
import { auditSeed } from '../support/audit-world.js';
import { ADMIN_LOGIN, startWorld, type World } from '../support/world.js';

/**
 * The audit's HTML page in a real headless Chromium (one launch for the
 * file): the matrix it draws is the JSON review, the filters narrow it, it
 * asks for nothing from anywhere, and it logs no error.
 */
let world: World;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
let report: AuditReport;
const requested: string[] = [];
const errors: string[] = [];

beforeAll(async () => {
  world = await startWorld('', { edition: 'be', seed: auditSeed(Math.floor(Date.now() / 1000)) });
  const html = await world.cli(['audit', '--format', 'html', '--output', 'review.html', '--stale-after', '90d'], ADMIN_LOGIN);
  expect(html.code).toBe(0);
  report = JSON.parse((await world.cli(['audit', '--format', 'json', '--stale-after', '90d'], ADMIN_LOGIN)).stdout);
  browser = await launchChromium();
  page = await openOffline(browser.context, pathToFileURL(join(world.dir, 'review.html')).href);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await world?.close();
});

/** Every request but the page's own is refused and remembered; every console error is remembered. */
async function openOffline(context: BrowserContext, url: string): Promise<Page> {
  const opened = await context.newPage();
  await context.route('**/*', (route) => {
    if (route.request().url() === url) return route.continue();
    requested.push(route.request().url());
    return route.abort();
  });
  opened.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  opened.on('pageerror', (error) => errors.push(error.message));
  await opened.goto(url);
  await opened.waitForSelector('body[data-ready="true"]');
  return opened;
}

/** The drawn matrix: [user, environment, role, title] of every cell with access. */
async function drawnCells(): Promise<string[][]> {
  return page.evaluate(() => {
    const environments = [...document.querySelectorAll('#matrix-table thead th.environment')].map((th) => th.textContent ?? '');
    return [...document.querySelectorAll('#matrix-table tbody tr')].flatMap((row) => {
      const user = row.querySelector('th.user')?.textContent ?? '';
      return [...row.querySelectorAll('td.cell')].flatMap((cell, index) => (cell.textContent ? [[user, environments[index] ?? '', cell.textContent, (cell as HTMLElement).title]] : []));
    });
  });
}

const shownUsers = () => page.$$eval('#matrix-table tbody th.user', (cells) => cells.map((cell) => cell.textContent));

describe('the audit page in a browser', () => {
  it('draws every cell of the review, with its source on hover', async () => {
    const expected = report.access.map((cell) => [cell.user, cell.environment, cell.role, `${cell.user} on ${cell.environment}: ${cell.role} (${cell.via})`]);
    expect((await drawnCells()).sort()).toEqual(expected.sort());
    expect(await shownUsers()).toEqual(report.users.map((user) => user.username));
  });

  it('keeps the header row and the user column in place while the matrix scrolls', async () => {
    const positions = await page.evaluate(() => [
      getComputedStyle(document.querySelector('#matrix-table thead th.environment')!).position,
      getComputedStyle(document.querySelector('#matrix-table tbody th.user')!).position,
    ]);
    expect(positions).toEqual(['sticky', 'sticky']);
  });

  it('narrows the matrix to the users or the environments the filters match', async () => {
    await page.fill('#filter-users', 'dev');
    expect(await shownUsers()).toEqual(['carol', 'dave']);
    await page.fill('#filter-users', 'CAROL');
    expect(await shownUsers()).toEqual(['carol']);
    await page.fill('#filter-environments', 'stage');
    expect(await drawnCells()).toEqual([['carol', 'stage-1', 'helpdesk', 'carol on stage-1: helpdesk (team ops)']]);
    await page.fill('#filter-users', '');
    await page.fill('#filter-environments', '');
    expect(await shownUsers()).toHaveLength(report.users.length);
  });

  it('lists the keys, marking the stale ones', async () => {
    const stale = await page.$$eval('#keys-body tr.stale', (rows) => rows.map((row) => row.firstElementChild?.textContent));
    expect(stale).toEqual(report.keys.filter((key) => key.stale).map((key) => key.user));
    expect(await page.textContent('#keys-body tr.unreadable')).toContain('root2');
  });

  it('sent no request anywhere and logged no error', async () => {
    expect(requested).toEqual([]);
    expect(errors).toEqual([]);
    expect(readFileSync(join(world.dir, 'review.html'), 'utf8')).toContain('Content-Security-Policy');
  });
});

describe("a fleet's page in a browser", () => {
  let fleetPage: Page;
  const drawn = () =>
    fleetPage.evaluate(() => {
      const columns = [...document.querySelectorAll('#matrix-table thead th.environment')].map((th) => th.textContent ?? '');
      return [...document.querySelectorAll('#matrix-table tbody tr')].flatMap((row) => {
        const user = row.querySelector('th.user')?.textContent ?? '';
        return [...row.querySelectorAll('td.cell')].flatMap((cell, index) => (cell.textContent ? [[user, columns[index] ?? '', cell.textContent, (cell as HTMLElement).title]] : []));
      });
    });

  beforeAll(async () => {
    // The same server's review under two target names, and a target that failed: one matrix, each column named with its target.
    const fleet = fleetAuditOf([
      { name: 'prod', url: 'https://prod.example', report },
      { name: 'dr', url: 'https://dr.example', error: 'GET https://dr.example/api/system/status failed: connection refused' },
      { name: 'staging', url: 'https://staging.example', report },
    ]);
    writeFileSync(join(world.dir, 'fleet.html'), renderFleetAuditHtml(fleet));
    fleetPage = await openOffline(browser.context, pathToFileURL(join(world.dir, 'fleet.html')).href);
  });

  it("draws every target's cells, each column naming its target, and the target filter narrows it to one", async () => {
    const cells = (target: string) => report.access.map((cell) => [cell.user, `${target} / ${cell.environment}`, cell.role, `${cell.user} on ${target} / ${cell.environment}: ${cell.role} (${cell.via})`]);
    expect((await drawn()).sort()).toEqual([...cells('prod'), ...cells('staging')].sort());
    await fleetPage.fill('#filter-targets', 'STAG');
    expect((await drawn()).sort()).toEqual(cells('staging').sort());
    expect(await fleetPage.$$eval('#targets tbody tr.failed td', (tds) => tds.map((td) => td.textContent))).toEqual(['dr', 'https://dr.example', '', expect.stringMatching(/^Failed: GET/)]);
    expect(await fleetPage.$$eval('#keys-body tr', (rows) => rows.map((row) => row.firstElementChild?.textContent))).toEqual(
      expect.arrayContaining(['prod', 'staging']),
    );
    expect(requested).toEqual([]);
    expect(errors).toEqual([]);
  });
});
