import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeBlocks, docPages, DOCS, readDoc, sectionsOf } from '../support/docs.js';
import { ROOT } from '../support/package.js';

/**
 * The README stays short and leads to everything; every relative link in it
 * and in docs/ reaches a file, and an `#anchor` a heading of that file.
 */

/** The pages design.md's architecture names: the README links every one. */
const DESIGNED_PAGES = [
  'manifest.md', 'plan-format.md', 'commands.md', 'drift.md', 'ci.md', 'fleet.md', 'audit.md',
  'reliability.md', 'performance.md', 'emulator.md', 'library.md', 'development.md',
];

/**
 * Pages written on other branches at the same time (issue 24's code half,
 * issues 26 and 27). A link to one is accepted while the page is not here
 * yet; once it is, its anchors are checked like any other.
 */
const PAGES_OF_OTHER_BRANCHES = ['fleet.md', 'audit.md', 'development.md'];

const pages = ['README.md', ...docPages().map((page) => `docs/${page}`)];

/** The links of a page outside code: `[text](target)`, with inline code spans left out. */
function linksOf(markdown: string): string[] {
  let fenced = false;
  const prose = markdown.split('\n').map((line) => {
    if (/^\s*```/.test(line)) fenced = !fenced;
    return fenced || /^\s*```/.test(line) ? '' : line.replace(/`[^`]*`/g, '');
  });
  return [...prose.join('\n').matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]!);
}

/** Why a relative link from `page` is broken, or undefined when it reaches its file and heading. */
function brokenBecause(page: string, link: string): string | undefined {
  const [path = '', anchor] = link.split('#');
  const target = path === '' ? join(ROOT, page) : join(ROOT, dirname(page), path);
  const name = relative(ROOT, target);
  if (!existsSync(target)) {
    const pending = dirname(target) === DOCS && PAGES_OF_OTHER_BRANCHES.includes(relative(DOCS, target));
    return pending ? undefined : `${name} does not exist`;
  }
  if (anchor === undefined) return undefined;
  if (!target.endsWith('.md')) return `${name} is no markdown page to hold #${anchor}`;
  const slugs = sectionsOf(readFileSync(target, 'utf8')).map((section) => section.slug);
  return slugs.includes(anchor) ? undefined : `${name} has no heading #${anchor}`;
}

describe('links', () => {
  it.each(pages)('every relative link in %s reaches its file and heading', (page) => {
    const links = linksOf(readFileSync(join(ROOT, page), 'utf8')).filter((link) => !/^[a-z]+:/i.test(link));
    const broken = links.flatMap((link) => {
      const why = brokenBecause(page, link);
      return why ? [`${link}: ${why}`] : [];
    });
    expect(broken).toEqual([]);
  });
});

describe('README.md', () => {
  const readme = readDoc('README.md');

  it('is at most 8 KB', () => {
    expect(Buffer.byteLength(readme, 'utf8')).toBeLessThanOrEqual(8192);
  });

  it('starts with the two commands, and package.json has their scripts for Node 20', () => {
    const [first] = codeBlocks(readme, 'sh');
    const commands = (first ?? '').split('\n').map((line) => line.replace(/\s+#.*$/, '').trim()).filter(Boolean);
    expect(commands).toEqual(['npm ci && npm run demo', 'npm test']);
    expect(readme.indexOf('```sh')).toBeLessThan(readme.indexOf('\n## '));
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string>; engines: { node: string } };
    expect(Object.keys(manifest.scripts)).toEqual(expect.arrayContaining(['demo', 'test']));
    expect(manifest.engines.node).toBe('>=20');
  });

  it('links to every page of docs/ and every page the design names', () => {
    const linked = new Set(linksOf(readme).map((link) => link.split('#')[0]));
    const expected = [...new Set([...DESIGNED_PAGES, ...docPages()])].map((page) => `docs/${page}`);
    expect(expected.filter((page) => !linked.has(page))).toEqual([]);
  });
});
