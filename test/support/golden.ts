import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

/** `test/golden/`, where the expected files are kept. */
export const GOLDEN_ROOT = fileURLToPath(new URL('../golden/', import.meta.url));

/**
 * Compares `actual` with the expected file at `path`. The file is written
 * only when asked (`UPDATE_GOLDEN=1`), after a deliberate change, for review
 * in the diff; a missing file fails the test, so a golden case whose file was
 * never committed cannot pass by writing it.
 */
export function expectGolden(path: string, actual: string): void {
  if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(path, actual);
  if (!existsSync(path)) expect.fail(`the golden file ${path} is missing: run the test with UPDATE_GOLDEN=1 to write it, review it, and commit it`);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

/** `expectGolden` for the files of one folder under `test/golden/`, by name. */
export function goldenIn(folder: string): (name: string, actual: string) => void {
  return (name, actual) => expectGolden(join(GOLDEN_ROOT, folder, name), actual);
}
