import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './package.js';

/**
 * Reading the README and the pages under docs/ the way a reader sees them:
 * headings (outside code), the sections under them, their fenced code blocks
 * and the anchors GitHub gives the headings. Tests that run a command the
 * docs show take it from here, so the command tested is the one a reader copies.
 */

export const DOCS = join(ROOT, 'docs');

/** `README.md` or a page of docs/ (`commands.md`), as text. */
export function readDoc(name: string): string {
  return readFileSync(name === 'README.md' ? join(ROOT, name) : join(DOCS, name), 'utf8');
}

/** The pages under docs/, by file name. */
export function docPages(): string[] {
  return readdirSync(DOCS)
    .filter((name) => name.endsWith('.md'))
    .sort();
}

export interface Section {
  level: number;
  title: string;
  /** The anchor GitHub gives the heading (`#saved-plans-and-reviewed-digests`), duplicates numbered. */
  slug: string;
  /** The heading line and everything up to the next heading of the same or a higher level. */
  text: string;
}

/** The lines of a page with those inside fenced code blocks blanked, so a `#` comment is no heading. */
function proseLines(markdown: string): string[] {
  let fenced = false;
  return markdown.split('\n').map((line) => {
    if (/^\s*```/.test(line)) {
      fenced = !fenced;
      return '';
    }
    return fenced ? '' : line;
  });
}

/** Every heading of a page with its section. */
export function sectionsOf(markdown: string): Section[] {
  const lines = markdown.split('\n');
  const prose = proseLines(markdown);
  const headings = prose.flatMap((line, index) => {
    const match = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    return match ? [{ index, level: match[1]!.length, title: match[2]! }] : [];
  });
  const seen = new Map<string, number>();
  return headings.map((heading, at) => {
    const end = headings.slice(at + 1).find((next) => next.level <= heading.level)?.index ?? lines.length;
    const base = slugOf(heading.title);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return { level: heading.level, title: heading.title, slug: count === 0 ? base : `${base}-${count}`, text: lines.slice(heading.index, end).join('\n') };
  });
}

/** GitHub's anchor for a heading: lower case, punctuation dropped (hyphens and underscores kept), spaces to hyphens. */
export function slugOf(title: string): string {
  return title
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The section under the heading titled exactly `title`; throws when the page has none. */
export function sectionOf(markdown: string, title: string): string {
  const section = sectionsOf(markdown).find((candidate) => candidate.title === title);
  if (!section) throw new Error(`no heading "${title}"`);
  return section.text;
}

/** The fenced code blocks of a text whose info string is `info` (`yaml`, `sh`), in order. */
export function codeBlocks(markdown: string, info: string): string[] {
  const blocks: string[] = [];
  const pattern = /^```(\S*)[^\n]*\n([\s\S]*?)^```\s*$/gm;
  for (const match of markdown.matchAll(pattern)) {
    if (match[1] === info) blocks.push(match[2]!);
  }
  return blocks;
}

/** The one code block of that kind in a section; throws when there is not exactly one. */
export function onlyCodeBlock(markdown: string, title: string, info: string): string {
  const blocks = codeBlocks(sectionOf(markdown, title), info);
  if (blocks.length !== 1) throw new Error(`section "${title}" has ${blocks.length} ${info} blocks, expected 1`);
  return blocks[0]!;
}

/** The rows of the markdown tables in a text, each as its cells (`\|` inside a cell kept as `|`), header and rule rows left out. */
export function tableRows(markdown: string): string[][] {
  return markdown
    .split('\n')
    .filter((line) => /^\|.*\|\s*$/.test(line) && !/^\|[\s:|-]+\|\s*$/.test(line))
    .map((line) =>
      line
        .trim()
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim().replace(/\\\|/g, '|')),
    );
}

/** The table rows whose first cell is exactly one code span, by its text: `` | `held.protected` | warning | `` -> held.protected. */
export function rowsByCode(markdown: string): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const cells of tableRows(markdown)) {
    const match = /^`([^`]+)`$/.exec(cells[0] ?? '');
    if (match) rows.set(match[1]!, cells);
  }
  return rows;
}
