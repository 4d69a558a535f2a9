import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/manifest/index.js';

/** The offline checks of environments and environmentGroups: shapes and duplicates, with positions. */
const BASE = 'version: 1\nusers:\n  - username: alice\n';

function errorsOf(yaml: string) {
  return parseManifest(BASE + yaml, 'm.yaml').issues.filter((issue) => issue.severity === 'error').map((issue) => `${issue.path} ${issue.line}:${issue.col}`);
}

describe('manifest: environment access', () => {
  it('accepts grants by name and by { name, role }, with prune.access on by default', () => {
    const { manifest, issues } = parseManifest(`${BASE}environments:\n  - name: prod\n    users: [alice, { name: bob, role: operator }]\n    teams: [{ name: ops }]\nenvironmentGroups:\n  - name: edge\n    teams: [ops]\n`, 'm.yaml');
    expect(issues).toEqual([]);
    expect(manifest?.environments?.[0]?.users).toEqual(['alice', { name: 'bob', role: 'operator' }]);
    expect(manifest?.prune.access).toBe(true);
  });

  it('refuses an environment or group listed twice, and a user or team granted twice (names ignoring case)', () => {
    expect(
      errorsOf(`environments:\n  - name: prod\n    users: [alice, { name: ALICE }]\n    teams: [ops, Ops]\n  - name: prod\nenvironmentGroups:\n  - name: edge\n  - name: edge\n`),
    ).toEqual(['environments[0].users[1].name 6:28', 'environments[0].teams[1] 7:18', 'environments[1].name 8:11', 'environmentGroups[1].name 11:11']);
  });

  it('refuses unknown keys, empty names and blank roles', () => {
    expect(errorsOf(`environments:\n  - name: ''\n    users: [{ name: alice, role: ' ' }]\n    owners: [alice]\n`)).toEqual([
      'environments[0].name 5:11',
      'environments[0].users[0].role 6:34',
      'environments[0].owners 7:5',
    ]);
  });
});
