import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

/**
 * Asserts that no secret of a test (password, JWT, raw key) appears in any
 * output or in any file the tool wrote under `dir`, except the secrets file.
 */
export function expectNoSecretsIn(texts: string[], secrets: string[]): void {
  for (const secret of secrets.filter((s) => s.length >= 6)) {
    for (const text of texts) expect(text.includes(secret), `a secret leaked into: ${text.slice(0, 200)}`).toBe(false);
  }
}

export function filesWritten(dir: string, except: string[] = []): string[] {
  const texts: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (except.includes(path) || !statSync(path).isFile()) continue;
    texts.push(readFileSync(path, 'utf8'));
  }
  return texts;
}
