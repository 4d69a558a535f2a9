import type { Change, Plan } from '../../plan/types/index.js';
import { assertNever } from '../../plan/types/index.js';
import { describeAccessChange } from './access-change-fields.js';
import { describeMembershipChange, describeTeamChange } from './team-change-fields.js';

/**
 * One line of a change's details. Values are shown JSON-quoted, notes as
 * plain words. Everything here is read off the change; nothing is computed
 * that the plan does not hold.
 */
export type ChangeField =
  | { name: string; value: string } // a value being created or destroyed
  | { name: string; before: string; after: string } // a value that changes
  | { name: string; note: string }; // plain words, e.g. the reason of a replace

export interface ChangeDescription {
  /** Terraform's symbols: `+` create, `~` update, `-` delete, `-/+` replace. */
  symbol: '+' | '~' | '-' | '-/+';
  /** Completes "# <address> ...". */
  headline: string;
  fields: ChangeField[];
}

const WRITE_ONLY_PASSWORD = 'set from the manifest (write-only: never shown, never compared)';

export function describeChange(change: Change): ChangeDescription {
  switch (change.kind) {
    case 'admin-init':
      return {
        symbol: '+',
        headline: "will be initialised as the server's first administrator",
        fields: [{ name: 'username', value: change.after.username }, { name: 'password', note: WRITE_ONLY_PASSWORD }],
      };
    case 'user':
      return describeUserChange(change);
    case 'api-key':
      return describeKeyChange(change);
    case 'team':
      return describeTeamChange(change);
    case 'team-membership':
      return describeMembershipChange(change);
    case 'user-password':
      return {
        symbol: '~',
        headline: 'will have its password reset',
        fields: [{ name: 'password', note: 'differs from the manifest (will be reset)' }],
      };
    case 'environment-access':
    case 'group-access':
      return describeAccessChange(change);
    default:
      return assertNever(change);
  }
}

function describeUserChange(change: Extract<Change, { kind: 'user' }>): ChangeDescription {
  switch (change.action) {
    case 'create':
      return {
        symbol: '+',
        headline: 'will be created',
        fields: [
          { name: 'username', value: change.after.username },
          { name: 'role', value: change.after.role },
          { name: 'password', note: WRITE_ONLY_PASSWORD },
        ],
      };
    case 'update':
      return roleUpdatedInPlace(change);
    case 'delete':
      return {
        symbol: '-',
        headline: 'will be destroyed',
        fields: [
          { name: 'username', value: change.before.username },
          { name: 'role', value: change.before.role },
        ],
      };
    default:
      return assertNever(change);
  }
}

function describeKeyChange(change: Extract<Change, { kind: 'api-key' }>): ChangeDescription {
  switch (change.action) {
    case 'create':
      return {
        symbol: '+',
        headline: 'will be created',
        fields: [{ name: 'description', value: change.after.description }],
      };
    case 'replace':
      return {
        symbol: '-/+',
        headline: 'will be replaced (a new key first, then the old one is deleted)',
        fields: [
          { name: 'description', value: change.after.description },
          { name: 'created', note: formatUnixSeconds(change.before.dateCreated) },
          { name: 'reason', note: change.reason },
        ],
      };
    case 'delete':
      return {
        symbol: '-',
        headline: 'will be destroyed',
        fields: [
          { name: 'description', value: change.before.description },
          { name: 'created', note: formatUnixSeconds(change.before.dateCreated) },
        ],
      };
    default:
      return assertNever(change);
  }
}

/** A user's or a member's role changed in place: the only field either update holds. */
export function roleUpdatedInPlace(change: { fields: ['role']; before: { role: string }; after: { role: string } }): ChangeDescription {
  return {
    symbol: '~',
    headline: 'will be updated in place',
    fields: change.fields.map((field) => ({ name: field, before: change.before[field], after: change.after[field] })),
  };
}

/** UTC, to the second, so a plan reads the same on every machine. */
function formatUnixSeconds(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? String(seconds) : date.toISOString().replace('.000Z', 'Z');
}

/** `Plan: 2 to add, 1 to change, 1 to replace, 1 to destroy.`, Terraform's closing line. */
export function summaryLine(summary: { create: number; update: number; replace: number; delete: number }): string {
  return `Plan: ${summary.create} to add, ${summary.update} to change, ${summary.replace} to replace, ${summary.delete} to destroy.`;
}

export const NO_CHANGES_LINE = "No changes. Portainer's users match the manifest.";

/**
 * The plan's last line: Terraform's count, or "No changes", which is said
 * only when nothing differs at all; differences held back for safety are
 * named instead, since the server does not match the manifest.
 */
export function closingLine(plan: Pick<Plan, 'changes' | 'summary' | 'held' | 'applyable'>): string {
  if (plan.changes.length > 0 || !plan.applyable) return summaryLine(plan.summary);
  if (plan.held.length === 0) return NO_CHANGES_LINE;
  const count = plan.held.length;
  const shown = plan.held.slice(0, 3).map((held) => held.change.address);
  const more = count > shown.length ? ` and ${count - shown.length} more` : '';
  return `No changes to apply; ${count} ${count === 1 ? 'difference is' : 'differences are'} held back for safety: ${shown.join(', ')}${more} (see the warnings above).`;
}
