import type { Document, LineCounter, YAMLError } from 'yaml';
import { formatPath } from './format-path.js';
import type { ManifestIssue } from './issues.js';
import { sortIssues } from './issues.js';
import { locatorFor, type Locator, type PathSegment } from './locate.js';
import { describeIssues, kindOf, type LocatedMessage, type PlaceNamer } from './messages.js';
import { readPlainData } from './quick/plain-data.js';
import { readAccessQuickly } from './quick/quick-access.js';
import { readUsersQuickly } from './quick/quick-users.js';
import { checkRules } from './rules/rules.js';
import { manifestSchema, type Manifest } from './schema.js';
import { yamlModule } from './yaml-module.js';

/** A parse result that also knows where each path is in the text (for later checks). */
export interface ParsedManifest {
  manifest?: Manifest;
  /** Errors and warnings in reading order. */
  issues: ManifestIssue[];
  locate: Locator;
}

// merge: `<<: *defaults` is handy for many similar users; logLevel keeps yaml's own warnings off stderr.
const YAML_OPTIONS = { prettyErrors: false, uniqueKeys: true, merge: true, logLevel: 'error' } as const;

/**
 * YAML text -> Manifest, with every problem found in one pass: syntax errors
 * first (when there are any, the shape cannot be trusted, so nothing else is
 * checked), then shapes and cross-entry rules together. Pure; never throws.
 */
export function parseManifestText(text: string, file: string): ParsedManifest {
  try {
    return parseCleanManifest(text) ?? parseWithPositions(text, file);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return tooDeep(file);
  }
}

/** The readers recurse once per level of nesting: 100,000 `[` exhaust the stack (`yaml` says so as a syntax error). */
function tooDeep(file: string): ParsedManifest & ReadText {
  const message = 'the manifest is nested too deeply to be read (lists or mappings inside one another thousands of levels deep)';
  return { issues: [{ file, line: 0, col: 0, path: '', message, severity: 'error' }], locate: () => ({ line: 0, col: 0 }) };
}

/**
 * Most manifests have nothing to report, and positions are only needed for
 * reporting. So the text is first read as plain data (quick); only when that
 * fails or finds a problem is it read again into a document that knows where
 * every node is. Both readings go through the same schema and rules, so the
 * verdict is the same; the quick one just does not build what it does not use.
 * (js-yaml is the stricter reader: where the two disagree it refuses, and the
 * text goes the slow way. What the quick way cannot see is `yaml`'s own style
 * warnings, such as a flow collection indented less than its key.)
 */
function parseCleanManifest(text: string): ParsedManifest | undefined {
  const data = plainMappingOf(text);
  const manifest = data && cleanManifestOf(data);
  return manifest ? { manifest, issues: [], locate: locateLater(text) } : undefined;
}

/**
 * The manifest that plain data (one file's, or several merged) holds when it
 * has nothing to report: the schema accepts it and the cross-entry rules find
 * nothing. Otherwise undefined, and the full reading says what and where.
 */
export function cleanManifestOf(data: Record<string, unknown>): Manifest | undefined {
  const manifest = checkQuickly(data);
  return manifest && checkRules(data).length === 0 ? manifest : undefined;
}

/** The text as plain data by the quick reader, when it is a YAML mapping. */
function plainMappingOf(text: string): Record<string, unknown> | undefined {
  const data = readPlainData(text);
  return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
}

/** The schema's reading of clean data; the users and the access grants, most of a large manifest, through the quick readers when they allow it. */
function checkQuickly(data: Record<string, unknown>): Manifest | undefined {
  const users = readUsersQuickly(data['users']);
  const environments = data['environments'] === undefined ? undefined : readAccessQuickly(data['environments']);
  const groups = data['environmentGroups'] === undefined ? undefined : readAccessQuickly(data['environmentGroups']);
  const result = manifestSchema.safeParse({
    ...data,
    ...(users ? { users: [] } : {}),
    ...(environments ? { environments: [] } : {}),
    ...(groups ? { environmentGroups: [] } : {}),
  });
  if (!result.success) return undefined;
  return {
    ...result.data,
    ...(users ? { users } : {}),
    ...(environments ? { environments } : {}),
    ...(groups ? { environmentGroups: groups } : {}),
  };
}

/** A locator that reads the text for positions on its first use (a later secret check may need one). */
function locateLater(text: string): Locator {
  let locate: Locator | undefined;
  return (path, at) => {
    if (!locate) {
      const { LineCounter, parseDocument } = yamlModule();
      const lineCounter = new LineCounter();
      locate = locatorFor(parseDocument(text, { ...YAML_OPTIONS, lineCounter }), lineCounter);
    }
    return locate(path, at);
  };
}

/** The full reading: every problem, each with its line and column (exported for the test that compares the two readings). */
export function parseWithPositions(text: string, file: string): ParsedManifest {
  const read = readWithPositions(text, file);
  if (!read.data) return { issues: read.issues, locate: read.locate };
  const { data, locate } = read;
  const checked = checkData(data);
  const issues = checked.findings.map((finding) => ({ file, ...locate(finding.path, finding.at), path: formatPath(finding.path), message: finding.message, severity: finding.severity }));
  const hasErrors = issues.some((issue) => issue.severity === 'error');
  return {
    ...(checked.manifest && !hasErrors ? { manifest: checked.manifest } : {}),
    issues: sortIssues([...read.issues, ...issues]),
    locate,
  };
}

/** One file's text as plain data, with a locator; `data` is absent when the text is no YAML mapping (the issues say why). */
export interface ReadText {
  data?: Record<string, unknown>;
  /** Syntax errors, `yaml`'s own warnings, or why the document is no mapping. */
  issues: ManifestIssue[];
  locate: Locator;
}

/** The quick reading when the text is a clean mapping (positions read later, if ever), else the full one. */
export function readManifestData(text: string, file: string): ReadText {
  try {
    const data = plainMappingOf(text);
    return data ? { data, issues: [], locate: locateLater(text) } : readWithPositions(text, file);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return tooDeep(file);
  }
}

function readWithPositions(text: string, file: string): ReadText {
  const { LineCounter, parseDocument } = yamlModule();
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { ...YAML_OPTIONS, lineCounter });
  const locate = locatorFor(document, lineCounter);
  if (document.errors.some((error) => error.message.includes('Maximum call stack size exceeded'))) return tooDeep(file);
  const syntax = document.errors.map((error) => syntaxIssue(error, file, lineCounter, 'error'));
  const yamlWarnings = document.warnings.map((warning) => syntaxIssue(warning, file, lineCounter, 'warning'));
  if (syntax.length > 0) return { issues: sortIssues([...syntax, ...yamlWarnings]), locate };
  const value = documentValue(document);
  if ('problem' in value) return { issues: [{ file, ...locate([], 'value'), path: '', message: value.problem, severity: 'error' }], locate };
  return { data: value.data, issues: yamlWarnings, locate };
}

/** A finding of the schema or the rules, before it has a file position. */
export type DataFinding = LocatedMessage & { severity: ManifestIssue['severity'] };

/**
 * Plain data (one file's, or several files merged) through the schema and
 * the cross-entry rules: the manifest when the schema accepts it, and every
 * finding by its path. `nameOf` says how a message names another entry.
 */
export function checkData(data: Record<string, unknown>, nameOf?: PlaceNamer): { manifest?: Manifest; findings: DataFinding[] } {
  const result = manifestSchema.safeParse(data);
  const findings: DataFinding[] = [
    ...(result.success ? [] : result.error.issues.flatMap((issue) => describeIssues(issue, data))).map((found) => ({ ...found, severity: 'error' as const })),
    ...checkRules(data, nameOf),
  ];
  return { ...(result.success ? { manifest: result.data } : {}), findings };
}

/** The document as plain data, when it is a mapping at all. */
function documentValue(document: Document): { data: Record<string, unknown> } | { problem: string } {
  let data: unknown;
  try {
    // maxAliasCount guards against "billion laughs" documents made of nested aliases.
    data = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return { problem: `cannot read the YAML: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (data === null || data === undefined) return { problem: 'the manifest is empty; it must be a mapping starting with version: 1' };
  if (typeof data !== 'object' || Array.isArray(data)) return { problem: `the manifest must be a mapping with version: 1, got ${kindOf(data)}` };
  return { data: data as Record<string, unknown> };
}

export { formatPath } from './format-path.js';

function syntaxIssue(error: YAMLError, file: string, lineCounter: LineCounter, severity: ManifestIssue['severity']): ManifestIssue {
  const { line, col } = lineCounter.linePos(error.pos[0]);
  // The message may end with " at line N, column M" and a snippet of the source; the position is already given.
  const message =
    error.code === 'MULTIPLE_DOCS'
      ? 'the manifest must be one YAML document, and a second one starts here'
      : error.message.split(' at line ')[0]?.split('\n')[0]?.trim() || error.code;
  const kind = severity === 'error' ? 'YAML syntax' : 'YAML';
  return { file, line, col, path: '', message: `${kind}: ${message}`, severity };
}
