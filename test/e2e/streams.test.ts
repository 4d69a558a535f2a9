import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEADER } from '../support/manifests.js';
import { seedAdmin } from '../support/seeds.js';
import { mutatingRequests, PASSWORDS, startWorld, type World } from '../support/world.js';

/**
 * One rule for the streams (docs/commands.md, "Output and errors"): stdout
 * has the document asked for; every warning is a `Warning:` line and every
 * error an `Error:` line on stderr, whatever the format; JSON and markdown
 * carry them inside too. On a terminal, the first 20 of each and a count of
 * the rest (issue 28, rows 3, 6 and 12).
 */

const lines = (text: string, prefix: string) => text.split('\n').filter((line) => line.startsWith(prefix));

// Community Edition has no roles: a role other than the default is a warning (access.role-ignored).
const WARNED = `${HEADER}users:\n  - username: alice\nenvironments:\n  - name: production\n    users:\n      - { name: alice, role: operator }\n`;

describe('warnings and errors of plan, apply, validate and plan --fleet', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld(WARNED, { seed: { users: [seedAdmin(), { username: 'alice', password: PASSWORDS.alice }], environments: [{ name: 'production' }] } });
  });
  afterAll(() => world.close());

  it('says a warning on stderr, never in the text plan on stdout, and keeps it in the JSON and markdown plans', async () => {
    for (const format of ['text', 'json', 'markdown']) {
      const plan = await world.cli(['plan', '-f', 'users.yaml', '--format', format]);
      expect(plan.code, plan.stderr).toBe(0);
      expect(lines(plan.stderr, 'Warning: ')).toEqual([expect.stringMatching(/^Warning: users\.yaml:10:9: environment\.production\.user\[alice\]: Community Edition has no environment roles/)]);
      expect(plan.stdout).not.toMatch(/^Warning:/m);
      if (format === 'json') expect((JSON.parse(plan.stdout) as { problems: { code: string }[] }).problems.map((problem) => problem.code)).toEqual(['access.role-ignored']);
      if (format === 'markdown') expect(plan.stdout).toContain('#### Warnings');
    }
    const applied = await world.cli(['apply', '-f', 'users.yaml', '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(lines(applied.stderr, 'Warning: ')).toHaveLength(1);
    expect(applied.stdout).not.toMatch(/^Warning:/m);
  });

  it('starts every line of validate about a problem with Error: or Warning:, in every format', async () => {
    world.writeManifest(`${HEADER}users:\n  - username: alice\n    role: boss\n  - username: bob\n    password: plain-text-password\n`);
    for (const format of ['text', 'json', 'github']) {
      const validate = await world.cli(['validate', '-f', 'users.yaml', '--format', format]);
      expect(validate.code).toBe(1);
      expect(validate.stderr.trimEnd().split('\n')).toEqual([
        expect.stringMatching(/^Error: users\.yaml:7:11: users\[0\]\.role: /),
        expect.stringMatching(/^Warning: users\.yaml:9:15: users\[1\]\.password: /),
      ]);
    }
    // A plan of the same file stops at the manifest, with the same lines.
    const plan = await world.cli(['plan', '-f', 'users.yaml']);
    expect(plan.code).toBe(1);
    expect(lines(plan.stderr, 'Error: ')).toEqual([expect.stringMatching(/^Error: users\.yaml:7:11: users\[0\]\.role: /)]);
  });

  it('says each target\'s warnings on stderr with the target\'s name in plan --fleet', async () => {
    world.writeManifest(WARNED);
    writeFileSync(join(world.dir, 'fleet.yaml'), `version: 1\ntargets:\n  - name: lab\n    url: ${world.emulator.url}\n    manifests: [users.yaml]\n`);
    const fleet = await world.cli(['plan', '--fleet', 'fleet.yaml']);
    expect(fleet.code, fleet.stderr).toBe(0);
    expect(lines(fleet.stderr, 'Warning: ')).toEqual([expect.stringMatching(/^Warning: lab: users\.yaml:10:9: environment\.production\.user\[alice\]: /)]);
    expect(fleet.stdout).not.toMatch(/^Warning:/m);
  });
});

describe('a plan of many mistakes', () => {
  let world: World;
  const names = Array.from({ length: 25 }, (_, index) => `user${String(index).padStart(2, '0')}`);
  beforeAll(async () => {
    // 25 users to create without a password (25 errors), each granted a role Community Edition ignores (25 warnings).
    const users = names.map((name) => `  - username: ${name}\n    password: { env: ${name.toUpperCase()}_PASSWORD }\n`).join('');
    const grants = names.map((name) => `      - { name: ${name}, role: operator }\n`).join('');
    world = await startWorld(`${HEADER}users:\n${users}environments:\n  - name: production\n    users:\n${grants}`, { seed: { users: [seedAdmin()], environments: [{ name: 'production' }] } });
  });
  afterAll(() => world.close());

  it('prints the first 20 errors and warnings and counts the rest; --json holds them all', async () => {
    const plan = await world.cli(['plan', '-f', 'users.yaml']);
    expect(plan.code).toBe(1);
    expect(lines(plan.stderr, 'Error: ')).toHaveLength(20);
    expect(lines(plan.stderr, 'Warning: ')).toHaveLength(20);
    expect(lines(plan.stderr, '... and ')).toEqual(['... and 5 more warnings (plan --json lists them all)', '... and 5 more errors (plan --json lists them all)']);
    expect(plan.stderr).toMatch(/^The plan has 25 errors;/m);

    const json = await world.cli(['plan', '-f', 'users.yaml', '--json']);
    const problems = (JSON.parse(json.stdout) as { problems: { severity: string; code: string }[] }).problems;
    expect(problems.filter((problem) => problem.code === 'password.unreadable')).toHaveLength(25);
    expect(problems.filter((problem) => problem.code === 'access.role-ignored')).toHaveLength(25);
    expect(mutatingRequests(world.emulator)).toEqual([]);
  });
});

describe('drift that cannot be checked', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld(`${HEADER}users: []\nteams:\n  - name: ops\n`, { seed: { users: [seedAdmin()], teams: [{ name: 'ops' }, { name: 'dev' }] } });
    // Portainer's PUT /teams/{id} does not check that the name is free: two teams now fold to one name.
    const auth = await fetch(`${world.emulator.url}/api/auth`, { method: 'POST', body: JSON.stringify({ username: 'admin', password: PASSWORDS.admin }) });
    const { jwt } = (await auth.json()) as { jwt: string };
    const dev = world.emulator.listTeams().find((team) => team.name === 'dev');
    const renamed = await fetch(`${world.emulator.url}/api/teams/${dev?.id}`, { method: 'PUT', headers: { Authorization: `Bearer ${jwt}` }, body: JSON.stringify({ Name: 'OPS' }) });
    expect(renamed.status).toBe(200);
  });
  afterAll(() => world.close());

  it('says why on stderr in every format (text, JSON, markdown), and exits 1', async () => {
    for (const format of ['text', 'json', 'markdown']) {
      const drift = await world.cli(['drift', '-f', 'users.yaml', '--format', format]);
      expect(drift.code).toBe(1);
      expect(lines(drift.stderr, 'Error: '), format).toEqual([expect.stringMatching(/^Error: team\.\w+: /)]);
      expect(drift.stdout).not.toMatch(/^Error:/m);
      if (format === 'json') expect((JSON.parse(drift.stdout) as { errors: { code: string }[] }).errors.map((error) => error.code)).toEqual(['observed.duplicate-name']);
    }
  });
});
