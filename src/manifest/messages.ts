import type * as z from 'zod';
import type { PathSegment } from './locate.js';
import { unknownKeyHint } from './suggest-key.js';

/**
 * Turns zod's issues into sentences for people. Values are echoed back only
 * for enumerations and literals (roles, the version); anything else is
 * described by its kind, so a password typed in the wrong place never ends
 * up in a message.
 */

/** An issue before it has a file position: a path, and whether to point at the key or the value. */
export interface LocatedMessage {
  path: PathSegment[];
  at: 'value' | 'key';
  message: string;
}

/**
 * How a message names another place of the manifest: `users[3]` in one file;
 * a layered manifest names the file too, since its merged indexes are no
 * file's own.
 */
export type PlaceNamer = (path: readonly PathSegment[]) => string;

/** What a rule over several entries found: an error, or a warning that does not stop a plan. */
export interface RuleFinding extends LocatedMessage {
  severity: 'error' | 'warning';
}

/** What a field expects, when "a string" would not help the reader. */
const EXPECTED_BY_KEY: Record<string, string> = {
  password: '{ env: NAME }, { file: PATH } or a string',
  rotateAfter: 'a duration like 90d',
  overlap: 'a duration like 7d',
  maxDeletes: 'a whole number or a percentage like 20%',
  version: '1',
};

const EXPECTED_BY_TYPE: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping (key: value)',
  array: 'a list',
};

export function describeIssues(issue: z.core.$ZodIssue, data: unknown): LocatedMessage[] {
  const path = issue.path.filter((segment): segment is PathSegment => typeof segment !== 'symbol');
  const value = valueAt(data, path);
  if (value === undefined && path.length > 0 && issue.code !== 'unrecognized_keys') return [required(path)];
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        path: [...path, key],
        at: 'key',
        message: `unknown key ${JSON.stringify(key)}${unknownKeyHint(path, key)}`,
      }));
    case 'invalid_type':
      return [describeType(issue, path, value)];
    case 'invalid_value':
      return [{ path, at: 'value', message: `must be ${listOf(issue.values)}, got ${shown(value)}` }];
    case 'too_small':
      return [{ path, at: 'value', message: describeTooSmall(issue, value) }];
    case 'too_big':
      return [{ path, at: 'value', message: describeTooBig(issue, value) }];
    case 'invalid_union':
      return describeUnionIssues(issue, path, value, data);
    default:
      // Formats, unions and refinements carry the sentence written beside them in schema.ts.
      return [{ path, at: 'value', message: issue.message }];
  }
}

/** A missing field is reported on the entry that lacks it, where a person would add it. */
function required(path: PathSegment[]): LocatedMessage {
  const last = path[path.length - 1];
  const field = typeof last === 'number' ? `item ${last}` : String(last);
  return { path: path.slice(0, -1), at: 'value', message: `${field} is required` };
}

function describeType(issue: z.core.$ZodIssueInvalidType, path: PathSegment[], value: unknown): LocatedMessage {
  const last = path[path.length - 1];
  const expected = (typeof last === 'string' ? EXPECTED_BY_KEY[last] : undefined) ?? EXPECTED_BY_TYPE[issue.expected] ?? issue.expected;
  if (path.length === 0) return { path, at: 'value', message: `the manifest must be a mapping with version: 1, got ${kindOf(value)}` };
  return { path, at: 'value', message: `must be ${expected}, got ${kindOf(value)}` };
}

/**
 * A mapping given where a union has exactly one mapping form (a user's team:
 * a name or `{ name, role }`) is best explained by that form's own problems,
 * e.g. `role: must be leader or member`. Otherwise, the union's sentence.
 */
function describeUnionIssues(issue: z.core.$ZodIssueInvalidUnion, path: PathSegment[], value: unknown, data: unknown): LocatedMessage[] {
  const isMapping = typeof value === 'object' && value !== null && !Array.isArray(value);
  const mappingForms = issue.errors.filter((errors) => !errors.some((inner) => inner.code === 'invalid_type' && inner.path.length === 0));
  const only = mappingForms[0];
  if (isMapping && mappingForms.length === 1 && only && only.length > 0) {
    return only.flatMap((inner) => describeIssues({ ...inner, path: [...path, ...inner.path] } as z.core.$ZodIssue, data));
  }
  return [{ path, at: 'value', message: describeUnion(issue, value) }];
}

/**
 * The sentence beside the union in schema.ts, plus what was found. A mapping's
 * keys are not listed: `password: { hunter2 }` is a mapping whose key is a secret.
 */
function describeUnion(issue: z.core.$ZodIssueInvalidUnion, value: unknown): string {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.includes('env') && keys.includes('file')) return 'must have either env or file, not both';
    return `${issue.message}, got a mapping with other keys`;
  }
  return `${issue.message}, got ${kindOf(value)}`;
}

function describeTooSmall(issue: z.core.$ZodIssueTooSmall, value: unknown): string {
  if (issue.origin === 'string') return issue.minimum === 1 ? 'must not be empty' : `must be at least ${issue.minimum} characters`;
  if (issue.origin === 'array') return `must have at least ${issue.minimum} items`;
  return `must be ${issue.minimum} or more, got ${shown(value)}`;
}

function describeTooBig(issue: z.core.$ZodIssueTooBig, value: unknown): string {
  if (issue.origin === 'string') {
    const length = typeof value === 'string' ? `, got ${value.length}` : '';
    return `must be at most ${issue.maximum} characters${length}`;
  }
  return `must be ${issue.maximum} or less`;
}

function listOf(values: readonly unknown[]): string {
  const shownValues = values.map((value) => (typeof value === 'string' ? value : shown(value)));
  if (shownValues.length <= 1) return shownValues.join('');
  return `${shownValues.slice(0, -1).join(', ')} or ${shownValues[shownValues.length - 1]}`;
}

function shown(value: unknown): string {
  if (typeof value === 'string') {
    const text = JSON.stringify(value);
    return text.length > 60 ? `${text.slice(0, 57)}..."` : text;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return kindOf(value);
}

/** A value's kind in YAML words: "a number", "a list", "an empty value". */
export function kindOf(value: unknown): string {
  if (value === null || value === undefined) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number') return Number.isInteger(value) ? 'a whole number' : 'a number';
  if (typeof value === 'boolean') return 'true or false';
  return `a ${typeof value}`;
}

export function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let value = data;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PathSegment, unknown>)[segment];
  }
  return value;
}
