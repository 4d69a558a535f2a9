import type * as z from 'zod';
import { formatPath } from '../manifest/format-path.js';
import { sortIssues, type ManifestIssue } from '../manifest/issues.js';
import { locatorFor, type PathSegment } from '../manifest/locate.js';
import { readPlainData } from '../manifest/quick/plain-data.js';
import { describeIssues, kindOf, type LocatedMessage } from '../manifest/messages.js';
import { yamlModule } from '../manifest/yaml-module.js';
import { foldUsername } from '../plan/match.js';
import { fleetSchema, type Fleet } from './schema.js';

/**
 * Fleet file text -> a checked Fleet, with every problem at its file, line
 * and column, as a manifest's are: the shape by the zod schema, then the
 * rules across targets (one name twice; a credential written in plain text).
 * Pure; never throws.
 */
export function parseFleetText(text: string, file: string): { fleet?: Fleet; issues: ManifestIssue[] } {
  return parseCleanFleet(text) ?? parseFleetWithPositions(text, file);
}

/**
 * A fleet file with nothing to report needs no positions, so it is first
 * read as plain data (js-yaml, as a clean manifest is: `manifest/parse.ts`),
 * through the same schema and rules; `yaml`, which takes about 35 ms to load,
 * reads it only when there is something to say, and where. Anchors and
 * aliases, whose limits the two readers count differently, go that way too.
 */
function parseCleanFleet(text: string): { fleet: Fleet; issues: ManifestIssue[] } | undefined {
  if (/[&*]/.test(text)) return undefined;
  const data = readPlainData(text, { mergeKeys: false });
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const result = fleetSchema.safeParse(data);
  if (!result.success || checkFleetRules(data as Record<string, unknown>).length > 0) return undefined;
  return { fleet: result.data, issues: [] };
}

/** The full reading: `yaml`'s document, which says where every problem is. */
export function parseFleetWithPositions(text: string, file: string): { fleet?: Fleet; issues: ManifestIssue[] } {
  const { LineCounter, parseDocument } = yamlModule();
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true, logLevel: 'error' as const, lineCounter });
  const locate = locatorFor(document, lineCounter);
  const issueAt = (found: LocatedMessage & { severity: ManifestIssue['severity'] }): ManifestIssue => ({
    file,
    ...locate(found.path, found.at),
    path: formatPath(found.path),
    message: found.message,
    severity: found.severity,
  });
  const syntax = document.errors.map((error) => {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    return { file, line, col, path: '', message: `YAML syntax: ${error.message.split(' at line ')[0]?.split('\n')[0]?.trim() || error.code}`, severity: 'error' as const };
  });
  if (syntax.length > 0) return { issues: syntax };
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return { issues: [issueAt({ path: [], at: 'value', message: `cannot read the YAML: ${(error as Error).message}`, severity: 'error' })] };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { issues: [issueAt({ path: [], at: 'value', message: `the fleet file must be a mapping with version: 1 and targets, got ${kindOf(data)}`, severity: 'error' })] };
  }
  const result = fleetSchema.safeParse(data);
  const findings = [
    ...(result.success ? [] : result.error.issues.flatMap((issue) => describeFleetIssue(issue, data))).map((found) => ({ ...found, severity: 'error' as const })),
    ...checkFleetRules(data as Record<string, unknown>),
  ];
  const issues = sortIssues(findings.map(issueAt));
  const ok = result.success && !issues.some((issue) => issue.severity === 'error');
  return ok ? { fleet: result.data, issues } : { issues };
}

const KEYS: Record<string, string[]> = {
  fleet: ['version', 'targets'],
  target: ['name', 'url', 'manifests', 'instanceId', 'credentials'],
  credentials: ['apiKey', 'username', 'password'],
};

/** zod's issue in a sentence; an unknown key gets the key that was probably meant. */
function describeFleetIssue(issue: z.core.$ZodIssue, data: unknown): LocatedMessage[] {
  if (issue.code !== 'unrecognized_keys') return describeIssues(issue, data);
  const path = issue.path.filter((segment): segment is PathSegment => typeof segment !== 'symbol');
  const last = path[path.length - 1];
  const known = path.length === 0 ? KEYS['fleet'] : typeof last === 'number' ? KEYS['target'] : last === 'credentials' ? KEYS['credentials'] : [];
  return issue.keys.map((key) => {
    const meant = known?.find((candidate) => candidate.toLowerCase() === key.toLowerCase() || candidate.startsWith(key) || key.startsWith(candidate));
    return { path: [...path, key], at: 'key', message: `unknown key ${JSON.stringify(key)}${meant ? ` (did you mean "${meant}"?)` : ''}` };
  });
}

function checkFleetRules(data: Record<string, unknown>): (LocatedMessage & { severity: ManifestIssue['severity'] })[] {
  const targets = Array.isArray(data['targets']) ? (data['targets'] as unknown[]) : [];
  const first = new Map<string, number>();
  const findings: (LocatedMessage & { severity: ManifestIssue['severity'] })[] = [];
  targets.forEach((target, index) => {
    if (typeof target !== 'object' || target === null) return;
    const entry = target as Record<string, unknown>;
    const name = entry['name'];
    if (typeof name === 'string' && name !== '') {
      const earlier = first.get(foldUsername(name));
      if (earlier === undefined) first.set(foldUsername(name), index);
      else findings.push({ path: ['targets', index, 'name'], at: 'value', severity: 'error', message: `target name ${JSON.stringify(name)} is taken by targets[${earlier}] (names are compared case-insensitively: they name files)` });
    }
    const credentials = entry['credentials'];
    if (typeof credentials !== 'object' || credentials === null) return;
    for (const key of ['apiKey', 'password'] as const) {
      if (typeof (credentials as Record<string, unknown>)[key] !== 'string') continue;
      findings.push({
        path: ['targets', index, 'credentials', key],
        at: 'value',
        severity: 'warning',
        message: `the ${key === 'apiKey' ? 'API key' : 'password'} is written in the fleet file in plain text; use { env: NAME } or { file: PATH } to keep it out of Git`,
      });
    }
  });
  return findings;
}
