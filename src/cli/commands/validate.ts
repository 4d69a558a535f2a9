import { checkManifest, formatIssue, positionIn, toDesiredState, type LoadedManifest, type ManifestIssue } from '../../manifest/index.js';
import { formatPath } from '../../manifest/format-path.js';
import { planRenames } from '../../plan/kinds/renames.js';
import type { DesiredState } from '../../plan/types/index.js';
import { describeProblem } from '../../render/common/problem-words.js';
import { terminalSafeJson } from '../../render/common/printable.js';
import { writeErr, writeOut } from '../output.js';
import type { GlobalOptions } from '../global-options.js';

export interface ValidateOptions {
  /** One manifest, or several layered in order. */
  file?: string[];
  strict?: boolean;
  format?: 'text' | 'json' | 'github';
}

/** A manifest with thousands of problems is not read problem by problem: past this many, the rest are counted. */
const SHOWN_ISSUES = 100;

/**
 * Checks a manifest offline: shapes and rules, with no network and no secret
 * needed (an unset `{ env }` or missing `{ file }` is a warning: a pull
 * request from a fork has no secrets). `--strict` makes warnings errors.
 * Text: problems on stderr, one line each, the verdict on stdout. JSON and
 * GitHub annotations: everything on stdout, for a machine.
 */
export async function run(options: ValidateOptions, _globals: GlobalOptions): Promise<number> {
  const files = options.file ?? [];
  // Several files are checked as the one manifest they merge into, and named together.
  const file = files.join(' + ');
  const checked = await checkManifest(files, { secrets: true });
  const desired = checked.loaded ? toDesiredState(checked.loaded) : undefined;
  const renames = checked.loaded && desired ? renameIssues(checked.loaded, desired) : [];
  const loaded = renames.length > 0 ? undefined : checked.loaded;
  const issues = [...checked.issues, ...renames];
  const valid = loaded !== undefined && !(options.strict && issues.length > 0);
  const format = options.format ?? 'text';
  const layered = files.length > 1 ? { files } : {};
  if (format === 'json') writeOut(terminalSafeJson({ file: files[0] ?? '', valid, issues, ...(loaded && desired ? { summary: countsOf(desired) } : {}), ...layered }));
  else if (format === 'github') writeOut(issues.map((issue) => annotation(issue, options.strict === true)).join('\n'));
  else {
    for (const issue of issues.slice(0, SHOWN_ISSUES)) writeErr(formatIssue(issue));
    if (issues.length > SHOWN_ISSUES) writeErr(`${file}: and ${issues.length - SHOWN_ISSUES} more problems`);
    if (loaded && desired && valid) writeOut(`${file}: valid (${describeCounts(countsOf(desired))})`);
    else if (loaded) writeErr(`${file}: --strict: ${issues.length} ${issues.length === 1 ? 'warning counts' : 'warnings count'} as errors`);
  }
  return valid ? 0 : 1;
}

/**
 * What `previously` says that no server can make right (an earlier name that
 * is an entry of its own too, or that two entries claim): plan refuses it
 * with these codes whatever the server has, so validate refuses it too.
 */
function renameIssues(loaded: LoadedManifest, desired: DesiredState): ManifestIssue[] {
  const { problems } = planRenames(desired, { adminExists: true, users: [], teams: [] });
  return problems.map((problem) => {
    const path = 'path' in problem && problem.path ? problem.path : [];
    const where = positionIn(loaded, path) ?? { line: 0, col: 0 };
    return { file: where.file ?? loaded.file, line: where.line, col: where.col, path: formatPath(path), message: `${describeProblem(problem)} (${problem.code})`, severity: 'error' as const };
  });
}

interface ManifestCounts {
  admins: number;
  standardUsers: number;
  teams: number;
  apiKeys: number;
  /** Grants on the environments and groups the manifest lists. */
  grants: number;
}

function countsOf(desired: DesiredState): ManifestCounts {
  return {
    admins: desired.users.filter((user) => user.role === 'admin').length,
    standardUsers: desired.users.filter((user) => user.role === 'standard').length,
    teams: desired.teams?.length ?? 0,
    apiKeys: desired.users.reduce((sum, user) => sum + (user.apiKeys?.length ?? 0), 0),
    grants: (desired.access ?? []).reduce((sum, holder) => sum + holder.users.length + holder.teams.length, 0),
  };
}

/** `2 admins, 21 standard users, 2 teams, 5 API keys`, or that it manages nothing. */
function describeCounts(counts: ManifestCounts): string {
  const parts = [
    plural(counts.admins, 'admin', 'admins'),
    plural(counts.standardUsers, 'standard user', 'standard users'),
    ...(counts.teams > 0 ? [plural(counts.teams, 'team', 'teams')] : []),
    ...(counts.apiKeys > 0 ? [plural(counts.apiKeys, 'API key', 'API keys')] : []),
    ...(counts.grants > 0 ? [plural(counts.grants, 'environment grant', 'environment grants')] : []),
  ];
  if (counts.admins + counts.standardUsers + counts.teams === 0) return 'it manages nothing: no admin block, no user and no team';
  return parts.join(', ');
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** A GitHub Actions workflow command, which GitHub shows on the pull request's line. */
function annotation(issue: ManifestIssue, strict: boolean): string {
  const level = issue.severity === 'error' || strict ? 'error' : 'warning';
  const where = [`file=${escapeProperty(issue.file)}`, ...(issue.line > 0 ? [`line=${issue.line}`, `col=${issue.col}`] : [])].join(',');
  const message = issue.path ? `${issue.path}: ${issue.message}` : issue.message;
  return `::${level} ${where}::${escapeData(message)}`;
}

// GitHub's escaping of workflow commands (toolkit's command.ts).
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
