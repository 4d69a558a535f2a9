import type { AccessGrantShown, AuditComparison } from '../../audit/index.js';

/** Sentences shared by the text and markdown forms of a comparison; values are escaped by the caller's `escape`. */
export function changeCount(comparison: AuditComparison): number {
  const { access, administrators, keys } = comparison;
  return access.length + administrators.added.length + administrators.removed.length + keys.added.length + keys.removed.length;
}

export function verdictOf(comparison: AuditComparison, oldFile: string, escape: (text: string) => string): string {
  const n = changeCount(comparison);
  if (n === 0) return `No changes since ${escape(oldFile)}.`;
  return `${n.toLocaleString('en')} ${n === 1 ? 'change' : 'changes'} since ${escape(oldFile)}.`;
}

/** Said when the two reports are of different servers (or the same URL now answers as another instance). */
export function otherServerNote(comparison: AuditComparison, oldFile: string, escape: (text: string) => string): string | undefined {
  const { before, after } = comparison;
  if (before.target === after.target && (before.instanceId === after.instanceId || before.instanceId === null || after.instanceId === null)) return undefined;
  const of = (side: AuditComparison['before']) => `${escape(side.target)}${side.instanceId ? ` (instance ${escape(side.instanceId)})` : ''}`;
  return `Note: ${escape(oldFile)} is a review of ${of(before)}; this one is of ${of(after)}.`;
}

export function grantWords(grant: AccessGrantShown, escape: (text: string) => string): string {
  return `${escape(grant.role)} (${escape(grant.via)})`;
}
