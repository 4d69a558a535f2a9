import type { Change } from '../plan/types/index.js';
import { canonicalChange } from '../plan/canonical.js';

/**
 * Where a saved plan and a fresh one part: the first address, in plan order,
 * at which their changes differ, and the change each has there (absent when
 * only one of them has a change at that address).
 */
export interface PlanDifference {
  address: string;
  saved?: Change;
  fresh?: Change;
  /** When both have a change there: the first field, in canonical order, whose values differ. */
  field?: string;
}

/** Undefined when both lists make exactly the same requests in the same order. */
export function firstDifference(saved: readonly Change[], fresh: readonly Change[]): PlanDifference | undefined {
  const savedAddresses = new Set(saved.map((change) => change.address));
  const freshAddresses = new Set(fresh.map((change) => change.address));
  for (let index = 0; index < Math.max(saved.length, fresh.length); index += 1) {
    const ours = saved[index];
    const theirs = fresh[index];
    if (ours && theirs && canonicalChange(ours) === canonicalChange(theirs)) continue;
    if (ours && !freshAddresses.has(ours.address)) return { address: ours.address, saved: ours };
    if (theirs && !savedAddresses.has(theirs.address)) return { address: theirs.address, fresh: theirs };
    const address = (ours ?? theirs)?.address as string;
    const savedChange = saved.find((change) => change.address === address);
    const freshChange = fresh.find((change) => change.address === address);
    const field = savedChange && freshChange ? firstDifferingField(savedChange, freshChange) : undefined;
    return { address, ...(savedChange ? { saved: savedChange } : {}), ...(freshChange ? { fresh: freshChange } : {}), ...(field ? { field } : {}) };
  }
  return undefined;
}

/** `action`, `userId`, `before.role`...: the first path whose values differ; undefined when only the order differs. */
function firstDifferingField(a: unknown, b: unknown, path = ''): string | undefined {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return JSON.stringify(a) === JSON.stringify(b) ? undefined : path;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  // The kind and action say the most, so they are named first.
  const first = ['kind', 'action'].filter((key) => keys.includes(key));
  for (const key of [...first, ...keys.filter((key) => !first.includes(key))]) {
    const found = firstDifferingField((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], path ? `${path}.${key}` : key);
    if (found) return found;
  }
  return undefined;
}
