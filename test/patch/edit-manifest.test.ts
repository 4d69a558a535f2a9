import { describe, expect, it } from 'vitest';
import { editManifestText, type ManifestEdit, type TeamFacts } from '../../src/patch/index.js';

const NO_TEAMS: TeamFacts = { pruneTeams: false, serverTeams: [] };

/** The text after the edits; every edit must be made. */
function edited(text: string, edits: ManifestEdit[], facts = NO_TEAMS): string {
  const result = editManifestText(text, edits, facts);
  expect(result.notPatched).toEqual([]);
  return result.text;
}

const head = 'version: 1\nadmin:\n  username: admin\n  password: { env: PORTAINER_ADMIN_PASSWORD }\n';
const role = (username: string, value: 'admin' | 'standard'): ManifestEdit => ({ kind: 'set-role', address: `user.${username}`, username, role: value });
const addUser = (username: string, value: 'admin' | 'standard' = 'standard'): ManifestEdit => ({
  kind: 'add-user',
  address: `user.${username}`,
  username,
  role: value,
  passwordEnv: `${username.toUpperCase()}_PASSWORD`,
});
const removeUser = (username: string): ManifestEdit => ({ kind: 'remove-user', address: `user.${username}`, username });

describe('roles', () => {
  it('sets a role in place, in its own quotes, its comment staying in its column', () => {
    const text = `${head}users:\n  - username: alice\n    role: "admin"      # on call\n`;
    expect(edited(text, [role('alice', 'standard')])).toBe(`${head}users:\n  - username: alice\n    role: "standard"   # on call\n`);
  });

  it('writes a role after the username of a block or a flow entry that has none', () => {
    const text = `${head}users:\n  - username: bob   # the new one\n    password: { env: BOB_PASSWORD }\n  - { username: carol }\n`;
    expect(edited(text, [role('bob', 'admin'), role('carol', 'admin')])).toBe(
      `${head}users:\n  - username: bob   # the new one\n    role: admin\n    password: { env: BOB_PASSWORD }\n  - { username: carol, role: admin }\n`,
    );
  });
});

describe('users', () => {
  it('removes an entry with the comment just above it, and one of the blank lines around it', () => {
    const text = `${head}users:\n  - username: alice\n\n  # Bob left.\n  - username: bob\n    password: { env: BOB_PASSWORD }\n\n  - username: carol\n`;
    expect(edited(text, [removeUser('bob')])).toBe(`${head}users:\n  - username: alice\n\n  - username: carol\n`);
  });

  it('writes users: [] when the last user goes, keeping what follows', () => {
    const text = `${head}users:   # everyone\n  - username: alice\n\nprune:\n  users: true\n`;
    expect(edited(text, [removeUser('alice')])).toBe(`${head}users: []   # everyone\n\nprune:\n  users: true\n`);
  });

  it('appends users as the list writes them (blank lines between entries when it has them)', () => {
    const text = `${head}users:\n  - username: alice\n\n  - { username: bob }\nprune:\n  users: true\n`;
    expect(edited(text, [addUser('dave', 'admin')])).toBe(
      `${head}users:\n  - username: alice\n\n  - { username: bob }\n\n  - username: dave\n    role: admin\n    password: { env: DAVE_PASSWORD }\nprune:\n  users: true\n`,
    );
  });

  it('turns users: [] into a list, and adds users: after the admin block of a manifest without one', () => {
    expect(edited(`${head}users: []\n`, [addUser('dave')])).toBe(`${head}users:\n  - username: dave\n    password: { env: DAVE_PASSWORD }\n`);
    expect(edited(`${head}prune:\n  users: true\n`, [addUser('dave')])).toBe(`${head}users:\n  - username: dave\n    password: { env: DAVE_PASSWORD }\nprune:\n  users: true\n`);
  });

  it('quotes a name that would not read back as itself, and ends a file that had no final newline', () => {
    expect(edited(`${head}users:\n  - username: alice`, [addUser('true')])).toBe(`${head}users:\n  - username: alice\n  - username: "true"\n    password: { env: TRUE_PASSWORD }\n`);
  });

  it('keeps the file\'s CRLF line endings', () => {
    const text = `${head}users:\n  - username: alice\n`.replace(/\n/g, '\r\n');
    expect(edited(text, [addUser('dave')])).toBe(`${head}users:\n  - username: alice\n  - username: dave\n    password: { env: DAVE_PASSWORD }\n`.replace(/\n/g, '\r\n'));
  });
});

describe('keys', () => {
  const key = (kind: 'add-key' | 'remove-key', username: string, description: string): ManifestEdit => ({ kind, address: `user.${username}.apiKey[${description}]`, username, description });

  it('adds to and removes from block and flow lists, the admin block too, apiKeys: [] when none is left', () => {
    const text = `version: 1\nadmin:\n  username: admin\n  password: x-password-12\n  apiKeys:\n    - description: ci\nusers:\n  - username: bob\n    apiKeys: [{ description: a }, { description: b }, { description: c }]\n  - username: carol\n    apiKeys:\n      - description: old\n`;
    const edits = [key('add-key', 'admin', 'deploy'), key('remove-key', 'bob', 'b'), key('add-key', 'bob', 'd'), key('remove-key', 'carol', 'old')];
    expect(edited(text, edits)).toBe(
      `version: 1\nadmin:\n  username: admin\n  password: x-password-12\n  apiKeys:\n    - description: ci\n    - description: deploy\nusers:\n  - username: bob\n    apiKeys: [{ description: a }, { description: c }, { description: d }]\n  - username: carol\n    apiKeys: []\n`,
    );
  });
});

describe('teams', () => {
  const member = (kind: 'add-member' | 'set-member-role', team: string, username: string, value: 'leader' | 'member'): ManifestEdit => ({
    kind,
    address: `team.${team}.member[${username}]`,
    team,
    username,
    role: value,
  });

  it("moves a member between a team's lists, making the missing one in the style of the others", () => {
    const text = `${head}teams:\n  - name: dev\n    members:\n      - alice\n      - bob\n`;
    expect(edited(text, [member('set-member-role', 'dev', 'bob', 'leader')])).toBe(`${head}teams:\n  - name: dev\n    leaders:\n      - bob\n    members:\n      - alice\n`);
  });

  it("changes a role in a user's own teams list: a name becomes { name, role }, a role is set", () => {
    const text = `${head}users:\n  - username: alice\n    teams: [dev, { name: ops, role: leader }]\n`;
    expect(edited(text, [member('set-member-role', 'dev', 'alice', 'leader'), member('set-member-role', 'ops', 'alice', 'member')])).toBe(
      `${head}users:\n  - username: alice\n    teams: [{ name: dev, role: leader }, { name: ops, role: member }]\n`,
    );
  });

  it("adds a member where the manifest writes the team: its entry, else the user's own list, else a new entry", () => {
    const text = `${head}users:\n  - username: alice\n    teams: [dev]\n  - username: bob\nteams:\n  - { name: ops }\n`;
    const edits = [member('add-member', 'ops', 'alice', 'member'), member('add-member', 'qa', 'alice', 'leader'), member('add-member', 'web', 'bob', 'member')];
    expect(edited(text, edits)).toBe(
      `${head}users:\n  - username: alice\n    teams: [dev, { name: qa, role: leader }]\n  - username: bob\nteams:\n  - { name: ops, members: [alice] }\n  - name: web\n    members: [bob]\n`,
    );
  });

  it('keeps a team the server has when its last claim goes and prune.teams would delete it', () => {
    const text = `${head}users:\n  - username: alice\n    teams: [dev]\n  - username: bob\n    teams: [ops]\n`;
    const removal: ManifestEdit = { kind: 'remove-member', address: 'team.ops.member[bob]', team: 'ops', username: 'bob' };
    expect(edited(text, [removal], { pruneTeams: true, serverTeams: ['dev', 'ops'] })).toBe(
      `${head}users:\n  - username: alice\n    teams: [dev]\n  - username: bob\n    teams: []\nteams:\n  - name: ops\n`,
    );
  });
});

describe('what the document cannot take', () => {
  it('lists an edit through an alias or of an anchored entry, and makes the others', () => {
    const text = `${head}users:\n  - &alice\n    username: alice\n  - username: bob\n    apiKeys: &keys [{ description: ci }]\n  - username: carol\n    apiKeys: *keys\n`;
    const edits: ManifestEdit[] = [
      role('alice', 'admin'),
      { kind: 'add-key', address: 'user.bob.apiKey[x]', username: 'bob', description: 'x' },
      { kind: 'add-key', address: 'user.carol.apiKey[x]', username: 'carol', description: 'x' },
      role('bob', 'admin'),
    ];
    const result = editManifestText(text, edits, NO_TEAMS);
    expect(result.notPatched.map((item) => `${item.code} ${item.address}`)).toEqual(['yaml-shape user.alice', 'yaml-shape user.bob.apiKey[x]', 'yaml-shape user.carol.apiKey[x]']);
    expect(result.made).toEqual([role('bob', 'admin')]);
    expect(result.text).toBe(text.replace('  - username: bob\n', '  - username: bob\n    role: admin\n'));
  });
});
