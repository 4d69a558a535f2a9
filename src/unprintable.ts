/**
 * Characters that text from the server (usernames, team, environment and key
 * names) must never carry raw into a terminal, a CI log, a review or a
 * manifest: the C0 and C1 controls and DEL (escape sequences, a carriage
 * return that hides a line), the line and paragraph separators, and the
 * bidirectional controls that reorder text on screen (U+202A-U+202E,
 * U+2066-U+2069, the marks U+200E, U+200F and U+061C: "Trojan Source").
 * Each is written as a `\u202e`-style escape, which JSON and YAML's
 * double-quoted strings read back as the same character.
 */
export const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** The same, less the C0 controls, which `JSON.stringify` escapes already (and whose newlines format its output). */
export const UNPRINTABLE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `\u202e` for U+202E. */
export function unicodeEscape(character: string): string {
  return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Whether `text` holds any of them. */
export function hasUnprintable(text: string): boolean {
  UNPRINTABLE.lastIndex = 0;
  const found = UNPRINTABLE.test(text);
  UNPRINTABLE.lastIndex = 0;
  return found;
}
