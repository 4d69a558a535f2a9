import { checkManifest, issueLine, positionIn, toDesiredState, type LoadedManifest, type ManifestIssue } from '../../manifest/index.js';
import { formatPath } from '../../manifest/format-path.js';
import { planRenames } from '../../plan/kinds/renames.js';
import type { DesiredState } from '../../plan/types/index.js';
import { cappedLines } from '../../render/common/capped-lines.js';
import { describeProblem } from '../../render/common/problem-words.js';
import { terminalSafeJson } from '../../render/common/printable.js';
import { writeErr, writeOut } from '../output.js';
import type { GlobalOptions } from '../global-options.js';
import { plural } from '../../render/common/plural.js';

export interface ValidateOptions {
  /** One manifest, or several layered in order. */
  file?: string[];
  strict?: boolean;
  format?: 'text' | 'json' | 'github';
}

/**
 * Checks a manifest offline: shapes and rules, with no network and no secret
 * needed (an unset `{ env }` or missing `{ file }` is a warning: a pull
 * request from a fork has no secrets). `--strict` makes warnings errors.
 * Every problem is an `Error:` or `Warning:` line on stderr (the first few:
 * see capped-lines.ts), whatever the format; stdout has the verdict (text),
 * the report (JSON) or GitHub's annotations.
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
  // In the file's order, as a person fixes them.
  for (const line of cappedLines(issues.map(issueLine), { one: 'problem', many: 'problems', everyIn: 'validate --format json' })) writeErr(line);
  if (loaded && !valid) writeErr(`Error: ${file}: --strict: ${issues.length} ${issues.length === 1 ? 'warning counts' : 'warnings count'} as errors`);
  if (format === 'json') writeOut(terminalSafeJson({ file: files[0] ?? '', valid, issues, ...(loaded && desired ? { summary: countsOf(desired) } : {}), ...layered }));
  else if (format === 'github') writeOut(issues.map((issue) => annotation(issue, options.strict === true)).join('\n'));
  else if (loaded && desired && valid) writeOut(`${file}: valid (${describeCounts(countsOf(desired))})`);
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
