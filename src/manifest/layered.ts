import { formatPath } from './format-path.js';
import type { ManifestIssue } from './issues.js';
import { sortIssues } from './issues.js';
import type { Locator, PathSegment } from './locate.js';
import { kindOf } from './messages.js';
import { mergeLayers, originAt, type Origin } from './merge-layers.js';
import { checkData, cleanManifestOf, type ReadText } from './parse.js';
import type { Manifest } from './schema.js';

/** One file of a layered manifest, read: its name as given and its data with a locator. */
export interface ReadLayer {
  file: string;
  read: ReadText;
}

/** Where a path of the merged manifest was written: the file, line and column, and the path in that file. */
export type Placer = (path: readonly PathSegment[], at?: 'value' | 'key') => { file: string; line: number; col: number; path: string };

export interface ParsedLayers {
  manifest?: Manifest;
  /** Every file's problems, in the order of the files, each at its own file, line and column. */
  issues: ManifestIssue[];
  place: Placer;
  /** Which layer wrote each value of the merged data (for `{ file }` secrets, relative to the file that names them). */
  layerOf: (path: readonly PathSegment[]) => number;
}

/**
 * Several manifest files, merged in order (merge-layers.ts) and checked as
 * one manifest. The files must be YAML mappings of one `version`; the merged
 * data then goes through the same schema and rules as a single file, and
 * every finding is put back where the file that wrote it has it.
 */
export function parseLayers(layers: readonly ReadLayer[]): ParsedLayers {
  const unreadable = layers.flatMap(({ read }) => read.issues);
  const datas = layers.map(({ read }) => read.data);
  const noPlace: Placer = (path) => ({ file: layers[0]?.file ?? '', line: 0, col: 0, path: formatPath(path) });
  if (datas.some((data) => data === undefined) || unreadable.some((issue) => issue.severity === 'error')) {
    return { issues: unreadable, place: noPlace, layerOf: () => 0 };
  }
  const versionIssues = differentVersions(layers);
  if (versionIssues.length > 0) return { issues: [...unreadable, ...versionIssues], place: noPlace, layerOf: () => 0 };

  const merged = mergeLayers(datas as Record<string, unknown>[]);
  const place = placerOf(layers, merged.origin);
  const layerOf = (path: readonly PathSegment[]) => originAt(merged.origin, path).layer;
  const clean = cleanManifestOf(merged.data);
  if (clean) return { manifest: clean, issues: unreadable, place, layerOf };

  const nameOf = (path: readonly PathSegment[]) => {
    const where = place(path);
    return `${where.path} of ${where.file}`;
  };
  const checked = checkData(merged.data, nameOf);
  const issues = checked.findings.map((finding) => ({ ...place(finding.path, finding.at), message: finding.message, severity: finding.severity }));
  const hasErrors = issues.some((issue) => issue.severity === 'error');
  return {
    ...(checked.manifest && !hasErrors ? { manifest: checked.manifest } : {}),
    issues: inFileOrder([...unreadable, ...issues], layers),
    place,
    layerOf,
  };
}

function placerOf(layers: readonly ReadLayer[], origin: Origin): Placer {
  return (path, at = 'value') => {
    const found = originAt(origin, path);
    const layer = layers[found.layer] as ReadLayer;
    const locate: Locator = layer.read.locate;
    return { file: layer.file, ...locate(found.path, at), path: formatPath(found.path) };
  };
}

/** Every file must say the `version` of the first: a file of another version would be merged as if it were one. */
function differentVersions(layers: readonly ReadLayer[]): ManifestIssue[] {
  const [first, ...others] = layers;
  const expected = first?.read.data?.['version'];
  return others.flatMap(({ file, read }) => {
    const version = read.data?.['version'];
    if (version === expected) return [];
    const shown = (value: unknown) => (typeof value === 'number' || typeof value === 'string' ? JSON.stringify(value) : kindOf(value));
    const message =
      version === undefined
        ? `version is required in every layered manifest: give the version of ${first?.file} (${shown(expected)})`
        : `every layered manifest must have the version of ${first?.file} (${shown(expected)}), got ${shown(version)}`;
    const at = read.locate(version === undefined ? [] : ['version'], 'value');
    return [{ file, ...at, path: version === undefined ? '' : 'version', message, severity: 'error' as const }];
  });
}

/** The files in the order given, and each file's problems in reading order. */
function inFileOrder(issues: ManifestIssue[], layers: readonly ReadLayer[]): ManifestIssue[] {
  const files = [...new Set(layers.map(({ file }) => file))];
  return files.flatMap((file) => sortIssues(issues.filter((issue) => issue.file === file)));
}
