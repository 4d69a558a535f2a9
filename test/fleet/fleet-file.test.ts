import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { fleetSchemaFileText } from '../../src/fleet/json-schema.js';
import { FleetError, loadFleet, parseFleetText, selectTargets } from '../../src/fleet/index.js';
import { runCli } from '../support/cli.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'fleet-file-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const FLEET = `version: 1
targets:
  - name: prod-eu
    url: https://portainer-eu.example:9443
    manifests: [users.yaml, prod-eu.yaml]
    instanceId: 6b2af0e1-0000-4000-8000-000000000001
    credentials:
      apiKey: { env: PROD_EU_API_KEY }
  - name: staging
    url: https://portainer-staging.example:9443
    manifests: [users.yaml, staging/staging.yaml]
    credentials:
      username: { env: STAGING_USER }
      password: { file: staging.password }
`;

describe('the fleet file', () => {
  it("loads its targets in order, manifests joined to the fleet file's folder", async () => {
    const file = join(scratch, 'fleet.yaml');
    writeFileSync(file, FLEET);
    const fleet = await loadFleet(file);
    expect(fleet.targets.map((target) => [target.name, target.manifests])).toEqual([
      ['prod-eu', [join(scratch, 'users.yaml'), join(scratch, 'prod-eu.yaml')]],
      ['staging', [join(scratch, 'users.yaml'), join(scratch, 'staging/staging.yaml')]],
    ]);
    expect(fleet.targets[0]).toMatchObject({ instanceId: '6b2af0e1-0000-4000-8000-000000000001', credentials: { apiKey: { env: 'PROD_EU_API_KEY' } } });
    expect(fleet.warnings).toEqual([]);
  });

  it('names every problem by file, line and column: unknown keys, wrong shapes, a name taken twice', () => {
    const text = `version: 1
targets:
  - name: prod
    url: portainer.example
    manifests: []
    instanceID: x
  - name: PROD
    url: https://b.example
    manifests: [a.yaml]
    credentials: { apiKey: { env: A }, password: { env: B } }
`;
    const { fleet, issues } = parseFleetText(text, 'fleet.yaml');
    expect(fleet).toBeUndefined();
    expect(issues.map((issue) => `${issue.line}:${issue.col} ${issue.path}`)).toEqual([
      '4:10 targets[0].url',
      '5:16 targets[0].manifests',
      '6:5 targets[0].instanceID',
      '7:11 targets[1].name',
      '10:40 targets[1].credentials.password',
    ]);
    expect(issues[2]?.message).toBe('unknown key "instanceID" (did you mean "instanceId"?)');
    expect(issues.every((issue) => issue.file === 'fleet.yaml' && issue.severity === 'error')).toBe(true);
  });

  it('warns of a credential written in plain text, and accepts it', () => {
    const { fleet, issues } = parseFleetText('version: 1\ntargets:\n  - { name: a, url: https://a.example, manifests: [m.yaml], credentials: { apiKey: ptr_plain } }\n', 'f.yaml');
    expect(fleet?.targets).toHaveLength(1);
    expect(issues).toEqual([expect.objectContaining({ severity: 'warning', path: 'targets[0].credentials.apiKey' })]);
    expect(issues[0]?.message).not.toContain('ptr_plain');
  });

  it('throws one FleetError for a file it cannot read', async () => {
    const error = await loadFleet(join(scratch, 'none.yaml')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FleetError);
    expect((error as FleetError).userMessage).toBe(`${join(scratch, 'none.yaml')}: cannot read the fleet file: no such file`);
  });

  it("selects targets by name, case-insensitively, in the file's order, and names the unknown ones", async () => {
    const file = join(scratch, 'select.yaml');
    writeFileSync(file, FLEET);
    const fleet = await loadFleet(file);
    expect(selectTargets(fleet, ['STAGING', 'prod-eu'])).toEqual({ targets: fleet.targets });
    expect(selectTargets(fleet, ['staging', 'dr', 'qa'])).toEqual({ unknown: ['dr', 'qa'] });
  });
});

describe('schemas/fleet.schema.json', () => {
  it('is the schema generated from the zod source (run `npm run schema:generate` when this fails)', () => {
    expect(readFileSync(join(ROOT, 'schemas', 'fleet.schema.json'), 'utf8')).toBe(fleetSchemaFileText());
  });

  it('rejects unknown keys and describes every key', () => {
    type Node = { description?: string; additionalProperties?: boolean; properties?: Record<string, Node>; items?: Node; anyOf?: Node[] };
    const visit = (node: Node, where: string): void => {
      if (node.properties) {
        expect(node.additionalProperties, where).toBe(false);
        for (const [key, child] of Object.entries(node.properties)) {
          expect(child.description, `${where}.${key}`).toBeDefined();
          visit(child, `${where}.${key}`);
        }
      }
      if (node.items) visit(node.items, `${where}[]`);
      for (const [index, option] of (node.anyOf ?? []).entries()) visit(option, `${where}|${index}`);
    };
    visit(JSON.parse(fleetSchemaFileText()) as Node, 'fleet');
  });

  it('is what `schema --fleet` prints', async () => {
    const result = await runCli(['schema', '--fleet']);
    expect(result).toEqual({ code: 0, stdout: readFileSync(join(ROOT, 'schemas', 'fleet.schema.json'), 'utf8'), stderr: '' });
  });
});
