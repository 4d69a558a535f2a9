/** Problems found in a manifest, each tied to a file, line and column. */

export interface ManifestIssue {
  file: string;
  /** 1-based; 0 when the problem concerns the file as a whole (it cannot be read). */
  line: number;
  col: number;
  /** Where in the manifest, e.g. `users[0].role`; empty for the document itself. */
  path: string;
  message: string;
  severity: 'error' | 'warning';
}

/**
 * `FILE:LINE:COL: path: message`, the form compilers use so editors and CI
 * annotations can jump to the spot. Warnings say so right after the position.
 */
export function formatIssue(issue: ManifestIssue): string {
  const position = issue.line > 0 ? `${issue.file}:${issue.line}:${issue.col}` : issue.file;
  const severity = issue.severity === 'warning' ? 'warning: ' : '';
  const path = issue.path ? `${issue.path}: ` : '';
  return `${position}: ${severity}${path}${issue.message}`;
}

/**
 * `Error: FILE:LINE:COL: path: message` or `Warning: …`: an issue as a line
 * of stderr, starting the way every error and warning the CLI prints does.
 */
export function issueLine(issue: ManifestIssue): string {
  return `${issue.severity === 'warning' ? 'Warning' : 'Error'}: ${formatIssue({ ...issue, severity: 'error' })}`;
}

/** Reading order: by line, then column; the sort is stable for issues at one spot. */
export function sortIssues(issues: ManifestIssue[]): ManifestIssue[] {
  return [...issues].sort((a, b) => a.line - b.line || a.col - b.col);
}

/** A manifest that cannot be used; `userMessage` has one formatted line per issue. */
export class ManifestError extends Error {
  readonly issues: ManifestIssue[];
  readonly userMessage: string;

  constructor(issues: ManifestIssue[]) {
    const userMessage = issues.map(formatIssue).join('\n');
    super(userMessage);
    this.name = 'ManifestError';
    this.issues = issues;
    this.userMessage = userMessage;
  }
}
