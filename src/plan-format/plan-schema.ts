import { z } from 'zod';
import { SEVERITY } from '../plan/types/problems.js';
import type { Change, HeldChange, Plan, Problem } from '../plan/types/index.js';
import { CHANGE_SCHEMAS } from '../plan/types/change-schemas.js';
import type { ChangeKind } from '../plan/types/changes.js';

/**
 * The whole plan file as `plan --out` writes it (`render/json.ts`), checked
 * field by field: a file anyone with write access to a pipeline can edit is
 * data from outside, parsed once here like any other answer.
 */

const digest = z.string().regex(/^sha256:[0-9a-f]{64}$/, 'must be sha256: and 64 hexadecimal digits');
const count = z.number().int().nonnegative();
const problemCodes = Object.keys(SEVERITY) as [keyof typeof SEVERITY, ...(keyof typeof SEVERITY)[]];
const heldCodes = problemCodes.filter((code) => code.startsWith('held.')) as [string, ...string[]];

const envelopeSchema = z.strictObject({
  formatVersion: z.literal(1),
  target: z.string(),
  manifest: z.string(),
  manifestDigest: digest,
  observedDigest: digest,
  changes: z.array(z.unknown()),
  summary: z.strictObject({ create: count, update: count, replace: count, delete: count }),
  warnings: z.array(z.string()),
  errors: z.array(z.strictObject({ address: z.string(), message: z.string() })),
  // A problem's facts differ by code; apply never acts on them, so they are taken as they come.
  problems: z.array(
    z.looseObject({ severity: z.enum(['error', 'warning']), code: z.enum(problemCodes), address: z.string(), message: z.string() }),
  ),
  held: z.array(z.strictObject({ change: z.unknown(), code: z.enum(heldCodes) })),
  applyable: z.boolean(),
  changesDigest: digest,
  authentication: z.strictObject({ method: z.enum(['internal', 'ldap', 'oauth']), teamSync: z.boolean() }),
  // Third round: a layered manifest's files, and the server's instance id.
  manifests: z.array(z.string()).min(2).optional(),
  instanceId: z.string().min(1).optional(),
  // `--replace ADDRESS`, so that applying the saved plan plans afresh with the same replacements.
  replace: z.array(z.string().min(1)).min(1).optional(),
});

/** Format 1's sentences of the file, derived from its problems when `plan --out` wrote it: an edit of one and not the other shows. */
export interface SaidInFile {
  warnings: string[];
  errors: { address: string; message: string }[];
}

/** The plan in `value` (and its format 1 sentences), or the first thing wrong with it as `path: what is wrong`. */
export function parsePlanFile(value: unknown): { plan: Plan; said: SaidInFile } | { problem: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { problem: 'not a plan object' };
  const fields = value as Record<string, unknown>;
  if (fields['formatVersion'] !== 1) return { problem: 'not a plan of formatVersion 1 (write one with `plan --out`)' };
  if (!('changesDigest' in fields)) return { problem: 'saved by an earlier version of portainer-users (it has no changesDigest); run plan again' };
  const envelope = envelopeSchema.safeParse(value, { reportInput: true });
  if (!envelope.success) return { problem: firstIssue(envelope.error) };
  const changes: Change[] = [];
  for (const [index, change] of envelope.data.changes.entries()) {
    const parsed = parseChange(change, `changes[${index}]`);
    if ('problem' in parsed) return parsed;
    changes.push(parsed.change);
  }
  const held: HeldChange[] = [];
  for (const [index, entry] of envelope.data.held.entries()) {
    const parsed = parseChange(entry.change, `held[${index}].change`);
    if ('problem' in parsed) return parsed;
    held.push({ change: parsed.change, code: entry.code as HeldChange['code'] });
  }
  const { warnings, errors, ...rest } = envelope.data;
  // Sentences are the renderer's: the plan holds the facts a sentence was made from.
  const problems = envelope.data.problems.map(({ message: _message, ...facts }) => facts as unknown as Problem);
  return { plan: { ...rest, changes, held, problems }, said: { warnings, errors } };
}

/** A change's kind and action first, so the sentence says what they may be; then its fields, strictly for that kind and action. */
function parseChange(value: unknown, at: string): { change: Change } | { problem: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { problem: `${at} must be an object` };
  const { kind, action } = value as { kind?: unknown; action?: unknown };
  const kinds = Object.keys(CHANGE_SCHEMAS) as ChangeKind[];
  if (typeof kind !== 'string' || !kinds.includes(kind as ChangeKind)) return { problem: `${at}.kind must be ${listOf(kinds)}, got ${shown(kind)}` };
  const schemas: Record<string, z.ZodType<Change>> = CHANGE_SCHEMAS[kind as ChangeKind];
  const actions = Object.keys(schemas);
  if (typeof action !== 'string' || !(action in schemas)) {
    // An action that is none of the four is said against all four; one this kind does not have, against the kind's.
    const every = ['create', 'update', 'replace', 'delete'];
    const allowed = typeof action === 'string' && every.includes(action) ? `${listOf(actions)} for a ${kind} change` : listOf(every);
    return { problem: `${at}.action must be ${allowed}, got ${shown(action)}` };
  }
  const parsed = schemaFor(schemas[action] as z.ZodType<Change>, value).safeParse(value, { reportInput: true });
  return parsed.success ? { change: parsed.data } : { problem: firstIssue(parsed.error, at) };
}

/**
 * One action may take several shapes, told apart by `fields` (a user's
 * update: a role change or a rename): the shape its `fields` names, so a
 * mistake is said against that shape rather than as "invalid input".
 */
function schemaFor(schema: z.ZodType<Change>, value: object): z.ZodType<Change> {
  if (!(schema instanceof z.ZodUnion)) return schema;
  const options = (schema as z.ZodUnion).options as unknown as readonly z.ZodType<Change>[];
  const fields = (value as { fields?: unknown }).fields;
  const named = options.find((option) => option instanceof z.ZodObject && z.safeParse((option.shape as { fields: z.ZodType }).fields, fields).success);
  return named ?? (schema as z.ZodType<Change>);
}

function firstIssue(error: z.ZodError, prefix = ''): string {
  const issue = error.issues[0];
  if (!issue) return 'it is not a valid plan';
  const path = pathText(prefix, issue.path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return `${path || 'the plan'} has an unknown field ${shown(issue.keys[0])}`;
    case 'invalid_type':
      if (issue.input === undefined) return `${path} is missing`;
      return `${path} must be ${issue.expected === 'int' ? 'a whole number' : `of type ${issue.expected}`}, got ${shown(issue.input)}`;
    case 'invalid_value':
      return `${path} must be ${listOf(issue.values.map(String))}, got ${shown(issue.input)}`;
    default:
      return `${path} ${issue.message}`;
  }
}

function pathText(prefix: string, path: PropertyKey[]): string {
  return path.reduce<string>((text, segment) => (typeof segment === 'number' ? `${text}[${segment}]` : text ? `${text}.${String(segment)}` : String(segment)), prefix);
}

function listOf(values: readonly string[]): string {
  return values.length <= 1 ? (values[0] ?? '') : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}

/** A value from the file, as JSON, cut to a readable length. */
function shown(value: unknown): string {
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}
