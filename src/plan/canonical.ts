import { createHash } from 'node:crypto';
import type { Change } from './types/index.js';

/**
 * The canonical form of a change list: every change with its keys sorted,
 * in plan order, as one JSON text. Two plans make the same requests exactly
 * when their canonical change lists are equal (ids included), whatever order
 * their keys were written in.
 */
export function canonicalChanges(changes: readonly Change[]): string {
  return JSON.stringify(changes.map(canonicalValue));
}

/** `sha256:` of the canonical change list: the `changesDigest` a reviewer approves. */
export function digestChanges(changes: readonly Change[]): string {
  return `sha256:${createHash('sha256').update(canonicalChanges(changes)).digest('hex')}`;
}

/** One change in canonical form, for comparing changes one by one. */
export function canonicalChange(change: Change): string {
  return JSON.stringify(canonicalValue(change));
}

function canonicalValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalValue);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = canonicalValue((value as Record<string, unknown>)[key]);
  return sorted;
}
