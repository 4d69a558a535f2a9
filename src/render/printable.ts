import { UNPRINTABLE, UNPRINTABLE_IN_JSON, unicodeEscape } from '../unprintable.js';

/**
 * Usernames and descriptions come from the server and may hold anything,
 * including terminal escape sequences and bidirectional controls. Those are
 * shown as `\u001b`-style escapes (see unprintable.ts) so a plan can neither
 * hide or reorder text nor drive the terminal.
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, unicodeEscape);
}

/** A value as the plan shows it: JSON-quoted, which also escapes control characters. */
export function quoted(value: string): string {
  return printable(JSON.stringify(value));
}

/**
 * JSON for a terminal or a log: `JSON.stringify` escapes C0 controls but
 * passes DEL, the C1 controls (U+0080 to U+009F, which some terminals obey),
 * U+2028/U+2029 and the bidirectional controls raw; here they are `\u`
 * escapes too, so the text means the same to a JSON reader and nothing to a
 * terminal or a reviewer's eye.
 */
export function terminalSafeJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2).replace(UNPRINTABLE_IN_JSON, unicodeEscape)}\n`;
}
