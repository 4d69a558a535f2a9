import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

// One parent folder per test file, removed when the file's tests are done.
let parent: string | undefined;
afterAll(() => {
  if (parent) rmSync(parent, { recursive: true, force: true });
  parent = undefined;
});

/** Writes a manifest (and any side files) into a fresh temp folder; returns the manifest's path. */
export function writeManifest(text: string | Buffer, files: Record<string, string> = {}): string {
  parent ??= mkdtempSync(join(tmpdir(), 'manifest-test-'));
  const dir = mkdtempSync(join(parent, 'm-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  const path = join(dir, 'users.yaml');
  writeFileSync(path, text);
  return path;
}

/** Sets environment variables for one test and gives back a function that restores them. */
export function withEnv(values: Record<string, string | undefined>): () => void {
  const saved = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
  const apply = (next: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(next)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  apply(values);
  return () => apply(saved);
}

/** The environment variable names a manifest refers to with `{ env: NAME }`. */
export function envNamesIn(text: string): string[] {
  return [...text.matchAll(/\{\s*env:\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}/g)].map((match) => match[1] ?? '');
}
