import { LineCounter, parseDocument, type Document, type YAMLError } from 'yaml';
import type { ManifestIssue } from './issues.js';
import { sortIssues } from './issues.js';
import { locatorFor, type Locator, type PathSegment } from './locate.js';
import { describeIssues, kindOf } from './messages.js';
import { checkRules } from './rules.js';
import { manifestSchema, type Manifest } from './schema.js';

/** A parse result that also knows where each path is in the text (for later checks). */
export interface ParsedManifest {
  manifest?: Manifest;
  /** Errors and warnings in reading order. */
  issues: ManifestIssue[];
  locate: Locator;
}

/**
 * YAML text -> Manifest, with every problem found in one pass: syntax errors
 * first (when there are any, the shape cannot be trusted, so nothing else is
 * checked), then shapes and cross-entry rules together. Pure; never throws.
 */
export function parseManifestText(text: string, file: string): ParsedManifest {
  const lineCounter = new LineCounter();
  // merge: `<<: *defaults` is handy for many similar users; logLevel keeps yaml's own warnings off stderr.
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, merge: true, logLevel: 'error' });
  const locate = locatorFor(document, lineCounter);
  const issueAt = (path: PathSegment[], at: 'value' | 'key', message: string, severity: ManifestIssue['severity']): ManifestIssue => ({
    file,
    ...locate(path, at),
    path: formatPath(path),
    message,
    severity,
  });

  const syntax = document.errors.map((error) => syntaxIssue(error, file, lineCounter, 'error'));
  const yamlWarnings = document.warnings.map((warning) => syntaxIssue(warning, file, lineCounter, 'warning'));
  if (syntax.length > 0) return { issues: sortIssues([...syntax, ...yamlWarnings]), locate };

  const value = documentValue(document);
  if ('problem' in value) return { issues: [issueAt([], 'value', value.problem, 'error')], locate };
  const data = value.data;

  const result = manifestSchema.safeParse(data);
  const found = [
    ...(result.success ? [] : result.error.issues.flatMap((issue) => describeIssues(issue, data))).map((found) => ({ ...found, severity: 'error' as const })),
    ...checkRules(data),
  ];
  const issues = found.map((finding) => issueAt(finding.path, finding.at, finding.message, finding.severity));
  const hasErrors = issues.some((issue) => issue.severity === 'error');
  return {
    ...(result.success && !hasErrors ? { manifest: result.data } : {}),
    issues: sortIssues([...yamlWarnings, ...issues]),
    locate,
  };
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

/** `users[0].apiKeys[1].description`: the way a person would point at a field. */
export function formatPath(path: readonly PathSegment[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? segment : `.${segment}`;
  }
  return text;
}

function syntaxIssue(error: YAMLError, file: string, lineCounter: LineCounter, severity: ManifestIssue['severity']): ManifestIssue {
  const { line, col } = lineCounter.linePos(error.pos[0]);
  // The message may end with " at line N, column M" and a snippet of the source; the position is already given.
  const message = error.message.split(' at line ')[0]?.split('\n')[0]?.trim() || error.code;
  const kind = severity === 'error' ? 'YAML syntax' : 'YAML';
  return { file, line, col, path: '', message: `${kind}: ${message}`, severity };
}
