import { compareFolded, compareText, foldUsername } from '../plan/match.js';
import type { AccessCell, AuditKey, AuditReport } from './report-schema.js';
import { VIA_ADMINISTRATOR } from './via.js';

/**
 * What changed between two access reviews of a server (`audit --compare
 * OLD.json`): who gained or lost access, or holds it with another role or
 * from another source; administrators added and removed; keys added and
 * removed. Data only; an empty comparison is `changed: false`.
 */
export interface AccessGrantShown {
  role: string;
  via: string;
}

export interface AccessDifference {
  user: string;
  environment: string;
  /** Null: the user had no access before (gained). */
  before: AccessGrantShown | null;
  /** Null: the user has no access now (lost). */
  after: AccessGrantShown | null;
}

export interface KeyShown {
  user: string;
  description: string;
  created: string;
}

export interface AuditComparison {
  /** The old report's target and instance, for a reader to see that the same server was compared. */
  before: { target: string; instanceId: string | null };
  after: { target: string; instanceId: string | null };
  access: AccessDifference[];
  administrators: { added: string[]; removed: string[] };
  keys: { added: KeyShown[]; removed: KeyShown[] };
  changed: boolean;
}

export function compareReports(before: AuditReport, after: AuditReport): AuditComparison {
  const administrators = { added: adminsOnlyIn(after, before), removed: adminsOnlyIn(before, after) };
  const access = accessDifferences(before, after);
  const keys = keyDifferences(before, after);
  return {
    before: { target: before.target, instanceId: before.instanceId },
    after: { target: after.target, instanceId: after.instanceId },
    access,
    administrators,
    keys,
    changed: access.length + administrators.added.length + administrators.removed.length + keys.added.length + keys.removed.length > 0,
  };
}

function adminsOnlyIn(report: AuditReport, other: AuditReport): string[] {
  const otherAdmins = new Set(other.users.filter((user) => user.role === 'admin').map((user) => foldUsername(user.username)));
  return report.users.filter((user) => user.role === 'admin' && !otherAdmins.has(foldUsername(user.username))).map((user) => user.username);
}

/**
 * Administrators' cells are left out: a promotion or a demotion is said
 * once, as an administrator added or removed, not once per environment.
 */
function accessDifferences(before: AuditReport, after: AuditReport): AccessDifference[] {
  const key = (cell: AccessCell) => `${foldUsername(cell.user)}\u0000${cell.environment}`;
  const old = new Map(before.access.map((cell) => [key(cell), cell]));
  const now = new Map(after.access.map((cell) => [key(cell), cell]));
  const differences: AccessDifference[] = [];
  for (const [at, cell] of now) {
    const was = old.get(at);
    if (was && was.role === cell.role && was.via === cell.via) continue;
    differences.push({ user: cell.user, environment: cell.environment, before: shown(was), after: shown(cell) });
  }
  for (const [at, cell] of old) if (!now.has(at)) differences.push({ user: cell.user, environment: cell.environment, before: shown(cell), after: null });
  return differences
    .filter((difference) => difference.before?.via !== VIA_ADMINISTRATOR && difference.after?.via !== VIA_ADMINISTRATOR)
    .sort((a, b) => compareFolded(a.user, b.user) || compareFolded(a.environment, b.environment));
}

function shown(cell: AccessCell | undefined): AccessGrantShown | null {
  return cell ? { role: cell.role, via: cell.via } : null;
}

/** Keys are told apart by user, description and creation date; a user whose keys either report could not read is left out. */
function keyDifferences(before: AuditReport, after: AuditReport): AuditComparison['keys'] {
  const unreadable = new Set([...before.users, ...after.users].filter((user) => user.keys === 'unreadable').map((user) => foldUsername(user.username)));
  const readable = (report: AuditReport) => report.keys.filter((key) => !unreadable.has(foldUsername(key.user)));
  const id = (key: AuditKey) => `${foldUsername(key.user)}\u0000${key.description}\u0000${key.created}`;
  const oldIds = new Set(readable(before).map(id));
  const newIds = new Set(readable(after).map(id));
  const keyShown = (key: AuditKey): KeyShown => ({ user: key.user, description: key.description, created: key.created });
  const byUser = (a: KeyShown, b: KeyShown) => compareFolded(a.user, b.user) || compareText(a.description, b.description) || compareText(a.created, b.created);
  return {
    added: readable(after).filter((key) => !oldIds.has(id(key))).map(keyShown).sort(byUser),
    removed: readable(before).filter((key) => !newIds.has(id(key))).map(keyShown).sort(byUser),
  };
}
