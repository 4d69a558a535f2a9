import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkManifest, formatIssue, schemaFileText, toDesiredState } from '../../src/manifest/index.js';
import { envNamesIn, withEnv } from './support.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EXAMPLES = join(ROOT, 'examples');
const examples = readdirSync(EXAMPLES).filter((name) => name.endsWith('.yaml')).sort();

describe('examples', () => {
  it.each(examples)('%s validates with its environment variables set', async (name) => {
    const path = join(EXAMPLES, name);
    const text = readFileSync(path, 'utf8');
    expect(text.startsWith('# yaml-language-server: $schema=../schemas/manifest.schema.json\n')).toBe(true);
    const restore = withEnv(Object.fromEntries(envNamesIn(text).map((env) => [env, `example-${env.toLowerCase()}`])));
    try {
      const { loaded, issues } = await checkManifest(path, { secrets: true });
      expect(issues.map(formatIssue)).toEqual([]);
      expect(loaded).toBeDefined();
      const desired = toDesiredState(loaded!);
      expect(desired.users.every((user) => user.password.problem === undefined)).toBe(true);
    } finally {
      restore();
    }
  });

  it('team.yaml is a realistic team: 20 users, mixed roles, protected break-glass accounts, a delete limit, rotation', async () => {
    const path = join(EXAMPLES, 'team.yaml');
    const { loaded } = await checkManifest(path);
    const manifest = loaded!.manifest;
    expect(manifest.users).toHaveLength(20);
    expect(new Set(manifest.users.map((user) => user.role))).toEqual(new Set(['admin', 'standard']));
    expect(manifest.prune.protect).toContain('break-glass-*');
    expect(manifest.prune.maxDeletes).toBeDefined();
    expect(manifest.users.some((user) => user.apiKeys?.some((key) => key.rotateAfter))).toBe(true);
  });

  it('team.yaml uses teams in both forms: the top-level list and users\' teams', async () => {
    const { loaded } = await checkManifest(join(EXAMPLES, 'team.yaml'));
    const manifest = loaded!.manifest;
    expect(manifest.teams?.length).toBeGreaterThan(0);
    expect(manifest.users.some((user) => user.teams?.some((team) => typeof team === 'object' && team.role === 'leader'))).toBe(true);
    const teams = toDesiredState(loaded!).teams ?? [];
    expect(teams.find((team) => team.name === 'frontend')?.members).toContainEqual({ username: 'priya.sharma', role: 'leader' });
  });
});

describe('schemas/manifest.schema.json', () => {
  it('is the schema generated from the zod source (run `npm run schema:generate` when this fails)', () => {
    const committed = readFileSync(join(ROOT, 'schemas', 'manifest.schema.json'), 'utf8');
    expect(committed).toBe(schemaFileText());
  });

  it('rejects unknown keys and documents every field', () => {
    type Property = { description?: string; $ref?: string; allOf?: { $ref?: string }[] };
    type Definition = { additionalProperties?: boolean; description?: string; properties?: Record<string, Property> };
    const schema = JSON.parse(schemaFileText()) as Definition & { definitions: Record<string, Definition> };
    for (const [name, definition] of Object.entries({ manifest: schema, ...schema.definitions })) {
      expect(definition.description, name).toBeDefined();
      if (definition.properties) expect(definition.additionalProperties, name).toBe(false);
      for (const [field, property] of Object.entries(definition.properties ?? {})) {
        // A field that is a shared definition carries its help there.
        const help = property.description ?? property.$ref ?? property.allOf?.[0]?.$ref;
        expect(help, `${name}.${field}`).toBeDefined();
      }
    }
  });
});
