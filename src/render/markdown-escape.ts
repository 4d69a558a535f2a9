/**
 * Usernames and descriptions may hold anything Portainer accepts (no space,
 * but `|`, backticks, `<`), and must not break the comment's table or HTML.
 */

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Plain text inside markdown, on one line: HTML-escaped, and the characters
 * that start emphasis, code, links or table cells backslash-escaped (with `[`
 * escaped, `(` and `!` cannot start a link or an image). An `@` before a name
 * is followed by a zero-width space (`&#8203;`, as Renovate writes it): it
 * renders as the same text on GitHub, but mentions nobody, so a server's
 * username `@octocat` cannot notify anyone through a PR comment. (Names in
 * code spans need nothing: GitHub never reads a mention there.)
 */
export function escapeInline(text: string): string {
  return escapeHtml(text)
    .replace(/[\\`*_[\]|~]/g, '\\$&')
    .replace(/[\r\n]+/g, ' ')
    .replace(/@(?=[A-Za-z0-9])/g, '@&#8203;');
}

/** A code span whose fence is longer than any run of backticks inside it. */
export function inlineCode(text: string): string {
  const oneLine = text.replace(/[\r\n]+/g, ' ');
  const fence = '`'.repeat(longestRun(oneLine, '`') + 1);
  const pad = oneLine.startsWith('`') || oneLine.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${oneLine}${pad}${fence}`;
}

/** In a GFM table cell a `|` ends the cell, even inside a code span, unless escaped as `\|`. */
export function tableCell(markdown: string): string {
  return markdown.replace(/\|/g, '\\|');
}

/** A fenced block whose fence is longer than any run of backticks in its body. */
export function fencedBlock(language: string, body: string): string {
  const fence = '`'.repeat(Math.max(3, longestRun(body, '`') + 1));
  return `${fence}${language}\n${body}\n${fence}`;
}

function longestRun(text: string, character: string): number {
  let longest = 0;
  let current = 0;
  for (const c of text) {
    current = c === character ? current + 1 : 0;
    longest = Math.max(longest, current);
  }
  return longest;
}
