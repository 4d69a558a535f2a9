import type { OutgoingHttpHeaders } from 'node:http';

/**
 * The headers of a call, as fetch's `Headers` would take them: names in
 * lower case, leading and trailing whitespace dropped from a value (a key
 * read from a file with its newline), and a value with a line break or NUL
 * inside refused before any request: the sentence returned says which header
 * without repeating its value, which is a credential.
 */
export function requestHeaders(call: { json?: unknown; headers?: Record<string, string> }): OutgoingHttpHeaders | string {
  const headers: OutgoingHttpHeaders = { accept: 'application/json', ...(call.json === undefined ? {} : { 'content-type': 'application/json' }) };
  for (const [name, raw] of Object.entries(call.headers ?? {})) {
    const value = raw.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
    if (/[\0\r\n]/.test(value)) return `the ${name} header holds a line break or NUL character, which HTTP does not allow`;
    headers[name.toLowerCase()] = value;
  }
  return headers;
}
