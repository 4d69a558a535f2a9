/**
 * Request bodies decoded the way Go's encoding/json fills Portainer's payload
 * structs: keys match field names case-insensitively (the last match wins),
 * unknown keys are ignored, `null` leaves the zero value, a wrong type or a
 * body that is not JSON fails (Portainer then answers 400 Invalid request payload).
 */
export type FieldKind = 'string' | 'int' | 'bool?' | 'object?' | 'ints?';

type FieldValue<K extends FieldKind> = K extends 'string'
  ? string
  : K extends 'int'
    ? number
    : K extends 'bool?'
      ? boolean | undefined
      : K extends 'ints?'
        ? number[] | undefined
        : Record<string, unknown> | undefined;

export type PayloadSpec = Record<string, FieldKind>;
export type Payload<S extends PayloadSpec> = { [N in keyof S]: FieldValue<S[N]> };
export type Decoded<T> = { ok: true; value: T } | { ok: false; reason: string };

const ZERO: Record<FieldKind, unknown> = { string: '', int: 0, 'bool?': undefined, 'object?': undefined, 'ints?': undefined };

/** The value of a JSON object's key that matches `name` case-insensitively (last wins). */
export function fieldOf(object: Record<string, unknown>, name: string): unknown {
  let found: unknown;
  for (const [key, value] of Object.entries(object)) {
    if (key.toLowerCase() === name.toLowerCase()) found = value;
  }
  return found;
}

export function decodePayload<S extends PayloadSpec>(body: string, spec: S): Decoded<Payload<S>> {
  if (body.trim() === '') return { ok: false, reason: 'EOF' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
  const value: Record<string, unknown> = {};
  for (const [name, kind] of Object.entries(spec)) value[name] = ZERO[kind];
  if (parsed === null) return { ok: true, value: value as Payload<S> };
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { ok: false, reason: `json: cannot unmarshal ${jsonTypeOf(parsed)} into Go value of type payload` };
  }
  for (const [name, kind] of Object.entries(spec)) {
    const raw = fieldOf(parsed as Record<string, unknown>, name);
    if (raw === undefined || raw === null) continue;
    if (!fits(raw, kind)) {
      return { ok: false, reason: `json: cannot unmarshal ${jsonTypeOf(raw)} into Go struct field .${name}` };
    }
    // In a Go []int, a null element leaves its zero value.
    value[name] = kind === 'ints?' ? (raw as unknown[]).map((item) => item ?? 0) : raw;
  }
  return { ok: true, value: value as Payload<S> };
}

function fits(raw: unknown, kind: FieldKind): boolean {
  switch (kind) {
    case 'string':
      return typeof raw === 'string';
    case 'int':
      return typeof raw === 'number' && Number.isInteger(raw);
    case 'bool?':
      return typeof raw === 'boolean';
    case 'object?':
      return typeof raw === 'object' && !Array.isArray(raw);
    case 'ints?':
      return Array.isArray(raw) && raw.every((item) => item === null || (typeof item === 'number' && Number.isInteger(item)));
  }
}

function jsonTypeOf(raw: unknown): string {
  if (Array.isArray(raw)) return 'array';
  if (typeof raw === 'object') return 'object';
  return typeof raw;
}
