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
