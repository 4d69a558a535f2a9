/**
 * Usernames and descriptions come from the server and may hold anything,
 * including terminal escape sequences. Control characters are shown as
 * `\u001b`-style escapes so a plan can neither hide text nor drive the terminal.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (character) => {
    return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/** A value as the plan shows it: JSON-quoted, which also escapes control characters. */
export function quoted(value: string): string {
  return printable(JSON.stringify(value));
}

/**
 * JSON for a terminal or a log: `JSON.stringify` escapes C0 controls but
 * passes DEL, the C1 controls (U+0080 to U+009F, which some terminals obey)
 * and U+2028/U+2029 raw; here they are `\u` escapes too, so the text means
 * the same to a JSON reader and nothing to a terminal.
 */
export function terminalSafeJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2).replace(/[\u007f-\u009f\u2028\u2029]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
}
