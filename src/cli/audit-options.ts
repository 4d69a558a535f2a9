import { writeFileAtomic } from '../files/write-atomic.js';
import { parseDuration } from '../manifest/duration.js';
import type { FleetOptions } from './fleet.js';
import { writeErr, writeOut } from './output.js';
import { UsageError } from './target.js';

/** What `audit` and `audit --fleet` share: their options, and where the review and the changes go. */
export type AuditFormat = 'text' | 'markdown' | 'json' | 'csv' | 'html';

export interface AuditOptions extends FleetOptions {
  file?: string[];
  format: AuditFormat;
  output?: string;
  staleAfter?: string;
  compare?: string;
  detailedExitcode?: boolean;
}

/** `--stale-after` in seconds; a duration the manifest would not take is a usage error. */
export function staleAfterOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const seconds = parseDuration(text);
  if (seconds === undefined || seconds <= 0) {
    throw new UsageError(`--stale-after takes a duration like 90d, 12h or 2w (a whole number and one of s, m, h, d, w), got "${text}"`, 'audit');
  }
  return seconds;
}

export function refuseDetailedWithoutCompare(options: AuditOptions): void {
  if (options.detailedExitcode && options.compare === undefined) {
    throw new UsageError('--detailed-exitcode says whether --compare found a change; give --compare OLD.json', 'audit');
  }
}

/**
 * The review goes to stdout, or to `--output`; with `--compare`, stdout gets
 * the changes and `--output` keeps the new review for the next comparison.
 * `of` names what was reviewed, for the line that says where it was written.
 */
export async function deliverReview(review: string, changes: string | undefined, output: string | undefined, of: string): Promise<void> {
  if (changes !== undefined) {
    if (output) await writeFileAtomic(output, review);
    writeOut(changes);
    return;
  }
  if (!output) {
    writeOut(review);
    return;
  }
  await writeFileAtomic(output, review);
  writeErr(`Wrote the access review of ${of} to ${output}.`);
}
