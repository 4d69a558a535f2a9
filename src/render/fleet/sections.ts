import { escapeHtml, escapeInline } from '../common/markdown-escape.js';
import { COMMENT_BUDGET } from '../common/markdown-budget.js';
import { printable } from '../common/printable.js';

/**
 * The frame of a fleet's markdown comment (plan, drift, audit): a head, then
 * one folded section per target, each given an equal share of what is left
 * of GitHub's comment limit; past the limit the last sections are left out,
 * and the comment says how many and which command shows them.
 */

/** A target's section: rendered to fit the characters it is given. */
export type Section = (budget: number) => string;

/** What the note about left-out sections calls a section, and the command that shows them all. */
export interface SectionWords {
  noun: string;
  command: string;
}

/** Room each section's wrapper (`<details>`, its summary line) takes beside the target's own markdown. */
const WRAPPER = 400;

export function failure(sentence: string): string {
  return `**Error:** ${escapeInline(printable(sentence))}\n`;
}

export function folded(title: string, body: string): string {
  return `<details><summary>${escapeHtml(title)}</summary>\n\n${body.trimEnd()}\n\n</details>\n`;
}

export function assemble(head: string, sections: Section[], words: SectionWords): string {
  const share = Math.floor((COMMENT_BUDGET - head.length - WRAPPER) / Math.max(1, sections.length)) - WRAPPER;
  let text = `${head}\n`;
  let shown = 0;
  for (const section of sections) {
    const rendered = section(share);
    if (text.length + rendered.length + WRAPPER > COMMENT_BUDGET) break;
    text += `\n${rendered}`;
    shown += 1;
  }
  const left = sections.length - shown;
  if (left > 0) {
    text += `\n_The ${words.noun} of ${left} more ${left === 1 ? 'target was' : 'targets were'} left out to keep this comment under GitHub's 65,536-character limit. Run \`portainer-users ${words.command} --fleet\` to see ${left === 1 ? 'it' : 'them'}._\n`;
  }
  return text;
}
