/**
 * What `--debug` may show of an exchange: headers and JSON bodies with every
 * value that could be a credential replaced. Redaction goes by name (a header,
 * or a string field, called password, jwt, token, key, cookie...) and, as a
 * second net, by shape (anything that looks like a JWT or a Portainer API key).
 */

export const REDACTED = '[redacted]';

/** Header and field names whose values are credentials, or hashes of them. */
const SECRET_NAME = /pass|secret|token|jwt|raw|digest|authori[sz]ation|cookie|api-?key|credential|hash/i;

/** `ptr_...` raw API keys and `xxx.yyy.zzz` JWTs, wherever they turn up. */
const SECRET_SHAPES = [/ptr_[A-Za-z0-9+/=_-]+/g, /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g];

/** Bodies are cut here: a list of 10,000 users helps nobody in a debug line. */
const MAX_BODY_CHARS = 400;

export function redactHeaders(headers: Record<string, string> | Headers | undefined): Record<string, string> {
  const shown: Record<string, string> = {};
  if (!headers) return shown;
  const entries = headers instanceof Headers ? [...headers.entries()] : Object.entries(headers);
  for (const [name, value] of entries) shown[name.toLowerCase()] = SECRET_NAME.test(name) ? REDACTED : redactText(value);
  return shown;
}

/** A JSON value with secret fields replaced, at any depth. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth > 20) return REDACTED;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  const shown: Record<string, unknown> = {};
  for (const [name, item] of Object.entries(value)) {
    // Credentials are strings; a number or flag under a telling name (RequiredPasswordLength) is not one.
    shown[name] = SECRET_NAME.test(name) && typeof item === 'string' ? REDACTED : redactValue(item, depth + 1);
  }
  return shown;
}

/** A body for a debug line: redacted JSON, or redacted text, cut to a readable length. */
export function redactBody(json: unknown, text?: string): string | undefined {
  let shown: string;
  if (json !== undefined) shown = JSON.stringify(redactValue(json));
  else if (text !== undefined && text.trim() !== '') shown = redactText(text.trim());
  else return undefined;
  return shown.length > MAX_BODY_CHARS ? `${shown.slice(0, MAX_BODY_CHARS)}... (${shown.length} chars)` : shown;
}

export function redactText(text: string): string {
  return SECRET_SHAPES.reduce((current, shape) => current.replace(shape, REDACTED), text);
}
