import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { CliResult } from '../support/cli.js';
import { HEADER } from '../support/manifests.js';
import { seedAdmin } from '../support/seeds.js';
import { ADMIN_LOGIN, PASSWORDS, startWorld, type World } from '../support/world.js';

/**
 * Names are the server's: a right-to-left override that makes `gnp‮exe.txt`
 * read as `txt.exe…`, an `@octocat` that would notify a GitHub user from a
 * PR comment, and names with line breaks whose second line is a command to a
 * CI runner (`::add-mask::`). In every output (text, JSON, markdown, patch,
 * export) they are escaped or quoted, never raw, and no line starts with
 * text the server chose.
 */
const REVERSED = 'gnp\u202eexe.txt';
const MENTION = '@octocat';
const TEAM = 'ops\n::add-mask::x';
const ENVIRONMENT = 'lab\n::add-mask::y';
const MULTILINE_USER = 'eve\n::add-mask::z';

const MANIFEST = `${HEADER}users:
  - username: alice
    password: { env: ALICE_PASSWORD }
teams:
  - name: devs
    members: ["${MENTION}"]
prune:
  teams: true
`;

let world: World;
const outputs: Record<string, CliResult> = {};

beforeAll(async () => {
  world = await startWorld(MANIFEST, {
    seed: {
      users: [seedAdmin(), { username: 'alice', password: PASSWORDS.alice }, { username: MENTION, password: PASSWORDS.bob }, { username: REVERSED, password: PASSWORDS.bob }, { username: MULTILINE_USER, password: PASSWORDS.bob }],
      teams: [{ name: 'devs', members: [MENTION] }, { name: TEAM, members: ['alice'] }],
      environments: [{ name: ENVIRONMENT, users: [{ name: 'alice' }, { name: REVERSED }] }],
    },
  });
  const runs: [string, string[], Record<string, string>][] = [
    ['plan text', ['plan', '-f', 'users.yaml'], {}],
    ['plan json', ['plan', '-f', 'users.yaml', '--json'], {}],
    ['plan markdown', ['plan', '-f', 'users.yaml', '--format', 'markdown'], {}],
    ['drift text', ['drift', '-f', 'users.yaml'], {}],
    ['drift json', ['drift', '-f', 'users.yaml', '--format', 'json'], {}],
    ['drift markdown', ['drift', '-f', 'users.yaml', '--format', 'markdown'], {}],
    ['drift patch', ['drift', '-f', 'users.yaml', '--format', 'patch'], {}],
    ['export', ['export'], ADMIN_LOGIN],
  ];
  for (const [name, args, env] of runs) outputs[name] = await world.cli(args, env);
}, 60_000);

afterAll(async () => {
  await world?.close();
});

const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('names from the server, in every output', () => {
  it('ran every output', () => {
    for (const [name, result] of Object.entries(outputs)) expect(result.code, `${name}: ${result.stderr}`).toBeLessThanOrEqual(2);
    expect(outputs['plan text']?.stdout).toContain('team.ops\\u000a::add-mask::x');
  });

  it('never carries a bidirectional control raw, and shows it escaped', () => {
    for (const [name, result] of Object.entries(outputs)) expect(`${result.stdout}${result.stderr}`, name).not.toMatch(BIDI);
    expect(outputs['drift text']?.stdout).toContain('gnp\\u202eexe.txt');
    expect(outputs['export']?.stdout).toContain('"gnp\\u202eexe.txt"');
  });

  it('never starts a line with text the server chose', () => {
    for (const [name, result] of Object.entries(outputs)) {
      for (const line of `${result.stdout}${result.stderr}`.split(/\r\n|\r|\n|\u2028|\u2029|\u0085/)) expect(line.trimStart(), name).not.toMatch(/^::/);
    }
  });

  it('keeps JSON exact: the escapes read back as the names', () => {
    const plan = JSON.parse(outputs['plan json']?.stdout ?? '') as { changes: { address: string }[] };
    expect(plan.changes.map((change) => change.address)).toContain(`team.${TEAM}`);
    const drift = JSON.parse(outputs['drift json']?.stdout ?? '') as { unmanaged: { username: string }[] };
    expect(drift.unmanaged.map((user) => user.username)).toEqual(expect.arrayContaining([MENTION, REVERSED]));
  });

  it('mentions nobody in markdown: an @name is in a code span or neutralised with a zero-width space', () => {
    for (const name of ['plan markdown', 'drift markdown']) {
      const markdown = outputs[name]?.stdout ?? '';
      expect(markdown, name).toContain('octocat');
      const outsideCode = markdown.replace(/```[\s\S]*?```/g, '').replace(/(`+)[^`]*?\1/g, '');
      expect(outsideCode, name).not.toMatch(/@octocat/);
    }
    expect(outputs['plan markdown']?.stdout).toContain('@&#8203;octocat is not in the manifest');
  });

  it('writes names double-quoted on one line in the patch and in export, which read back as the same names', () => {
    expect(outputs['drift patch']?.stdout).toContain('+  - name: "ops\\n::add-mask::x"');
    const exported = outputs['export']?.stdout ?? '';
    expect(exported).not.toMatch(/: [|>][-+]?\d*\s*$/m);
    const manifest = parse(exported) as { users: { username: string }[]; teams: { name: string }[]; environments: { name: string; users: string[] }[] };
    expect(manifest.users.map((user) => user.username)).toEqual(expect.arrayContaining([MENTION, REVERSED]));
    expect(manifest.teams.map((team) => team.name)).toContain(TEAM);
    expect(manifest.environments.map((environment) => environment.name)).toEqual([ENVIRONMENT]);
    expect(exported).toContain(`user Id 5 is left out: its name "eve\\n::add-mask::z" is empty or holds whitespace`);
  });
});
