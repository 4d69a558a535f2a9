import { describe, expect, it } from 'vitest';
import { editsForDrift } from '../../src/patch/index.js';
import { diff } from '../../src/plan/index.js';
import type { DesiredState, ObservedState, PlanContext } from '../../src/plan/index.js';
import {
  adminBlock,
  desiredKey,
  desiredState,
  desiredTeam,
  desiredUser,
  freshServer,
  initialAdmin,
  observedKey,
  observedState,
  observedTeam,
  observedUser,
  planContext,
} from '../support/state-builders.js';

/** The edits that accept what `plan` would change, and what they leave listed. */
function accept(desired: DesiredState, observed: ObservedState, takenEnvNames: string[] = [], context: PlanContext = planContext()) {
  const plan = diff(desired, observed, context);
  return editsForDrift({ plan, desired, observed, takenEnvNames });
}

describe('accepting user drift', () => {
  it("writes the server's role down", () => {
    const result = accept(desiredState([adminBlock(), desiredUser('alice', { role: 'admin' })]), observedState([initialAdmin(), observedUser(2, 'alice', 'standard')]));
    expect(result).toEqual({ edits: [{ kind: 'set-role', address: 'user.alice', username: 'alice', role: 'standard' }], notPatched: [] });
  });

  it('removes a user the server lacks, and its keys and memberships with it (no edit of their own)', () => {
    const desired = { ...desiredState([adminBlock(), desiredUser('carol', { apiKeys: [desiredKey('ci')] })]), teams: [desiredTeam('ops', { carol: 'member' })] };
    const observed = { ...observedState([initialAdmin()]), teams: [observedTeam(1, 'ops')] };
    expect(accept(desired, observed)).toEqual({ edits: [{ kind: 'remove-user', address: 'user.carol', username: 'carol' }], notPatched: [] });
  });

  it('adds a server user prune would delete, its password an { env } named as export names them, clear of names the manifest uses', () => {
    const desired = desiredState([adminBlock()], { users: true });
    const observed = observedState([initialAdmin(), observedUser(2, 'maria.garcia', 'admin'), observedUser(3, 'dave')]);
    expect(accept(desired, observed, ['DAVE_PASSWORD']).edits).toEqual([
      { kind: 'add-user', address: 'user.dave', username: 'dave', role: 'standard', passwordEnv: 'DAVE_PASSWORD_2' },
      { kind: 'add-user', address: 'user.maria.garcia', username: 'maria.garcia', role: 'admin', passwordEnv: 'MARIA_GARCIA_PASSWORD' },
    ]);
  });

  it('with prune off, a server user is not drift and nothing is added', () => {
    expect(accept(desiredState([adminBlock()]), observedState([initialAdmin(), observedUser(2, 'dave')]))).toEqual({ edits: [], notPatched: [] });
  });

  it('never adds or removes a protected user: its delete is held (listed), its absence listed as protected', () => {
    const desired = desiredState([adminBlock(), desiredUser('break-glass-2')], { users: true, protect: ['break-glass-*'] });
    const result = accept(desired, observedState([initialAdmin(), observedUser(2, 'break-glass-1', 'admin')]));
    expect(result.edits).toEqual([]);
    expect(result.notPatched).toEqual([{ address: 'user.break-glass-2', code: 'protected' }]);
  });

  it('lists a held role change with its rule, and never patches it', () => {
    const desired = desiredState([adminBlock(), desiredUser('break-glass-1', { role: 'admin' })], { protect: ['break-glass-*'] });
    const result = accept(desired, observedState([initialAdmin(), observedUser(2, 'break-glass-1', 'standard')]));
    expect(result.edits).toEqual([]);
    expect(result.notPatched).toMatchObject([{ address: 'user.break-glass-1', code: 'held', problem: { code: 'held.protected', pattern: 'break-glass-*' } }]);
  });

  it('keeps the admin block: missing on the server, or demoted there', () => {
    const missing = accept(desiredState([adminBlock('root')]), observedState([initialAdmin()]));
    expect(missing).toEqual({ edits: [], notPatched: [{ address: 'user.root', code: 'admin-block' }] });
    const demoted = accept(desiredState([adminBlock('root')]), observedState([initialAdmin(), observedUser(2, 'root', 'standard')]));
    expect(demoted).toEqual({ edits: [], notPatched: [{ address: 'user.root', code: 'admin-block' }] });
  });

  it('lists a server without an administrator, and a password Portainer refused', () => {
    expect(accept(desiredState([adminBlock()]), freshServer()).notPatched).toEqual([{ address: 'admin', code: 'admin-init' }]);
    const desired = { ...desiredState([adminBlock(), desiredUser('alice')]), verifyPasswords: true };
    const observed = observedState([initialAdmin(), { ...observedUser(2, 'alice'), passwordAccepted: false }]);
    expect(accept(desired, observed)).toEqual({ edits: [], notPatched: [{ address: 'user.alice.password', code: 'password' }] });
  });

  it('lists a server user whose name no manifest can hold', () => {
    const result = accept(desiredState([adminBlock()], { users: true }), observedState([initialAdmin(), observedUser(2, 'two words')]));
    expect(result).toEqual({ edits: [], notPatched: [{ address: 'user.two words', code: 'unrepresentable' }] });
  });
});

describe('accepting key drift', () => {
  const owner = (keys: string[]) => desiredState([adminBlock(), desiredUser('bob', { apiKeys: keys.map((description) => desiredKey(description)) })]);

  it('removes a key the server lacks and adds one only the server has', () => {
    const result = accept(owner(['laptop']), observedState([initialAdmin(), observedUser(2, 'bob', 'standard', [observedKey(7, 'stolen')])]));
    expect(result.edits).toEqual([
      { kind: 'remove-key', address: 'user.bob.apiKey[laptop]', username: 'bob', description: 'laptop' },
      { kind: 'add-key', address: 'user.bob.apiKey[stolen]', username: 'bob', description: 'stolen' },
    ]);
  });

  it('lists copies of one description and a key due for rotation', () => {
    const desired = desiredState([adminBlock(), desiredUser('bob', { apiKeys: [desiredKey('ci', 30)] })]);
    const observed = observedState([initialAdmin(), observedUser(2, 'bob', 'standard', [observedKey(7, 'ci', 40), observedKey(8, 'x'), observedKey(9, 'x', 2)])]);
    expect(accept(desired, observed)).toEqual({
      edits: [],
      notPatched: [
        { address: 'user.bob.apiKey[ci]', code: 'key-rotation' },
        { address: 'user.bob.apiKey[x]#8', code: 'duplicate-key' },
        { address: 'user.bob.apiKey[x]#9', code: 'duplicate-key' },
      ],
    });
  });
});

describe('accepting team drift', () => {
  const users = [adminBlock(), desiredUser('alice'), desiredUser('bob')];
  const server = () => [initialAdmin(), observedUser(2, 'alice'), observedUser(3, 'bob')];

  it('changes, removes and adds memberships to match the server', () => {
    const desired = { ...desiredState(users), teams: [desiredTeam('dev', { alice: 'leader', bob: 'member' })] };
    const [admin, alice, bob] = server() as [ReturnType<typeof initialAdmin>, ReturnType<typeof observedUser>, ReturnType<typeof observedUser>];
    const observed = { ...observedState([admin, alice, bob]), teams: [observedTeam(1, 'dev', [[alice, 'member'], [admin, 'leader']])] };
    expect(accept(desired, observed).edits).toEqual([
      { kind: 'set-member-role', address: 'team.dev.member[alice]', team: 'dev', username: 'alice', role: 'member' },
      { kind: 'remove-member', address: 'team.dev.member[bob]', team: 'dev', username: 'bob' },
      { kind: 'add-member', address: 'team.dev.member[admin]', team: 'dev', username: 'admin', role: 'leader' },
    ]);
  });

  it('removes a team the server lacks (its memberships with it) and adds one prune.teams would delete, with its members', () => {
    const desired = { ...desiredState(users, { teams: true }), teams: [desiredTeam('qa', { bob: 'leader' })] };
    const observed = server();
    const result = accept(desired, { ...observedState(observed), teams: [observedTeam(2, 'legacy', [[observed[1]!, 'leader']])] });
    expect(result).toEqual({
      edits: [
        { kind: 'remove-team', address: 'team.qa', team: 'qa' },
        { kind: 'add-team', address: 'team.legacy', team: 'legacy', members: [{ username: 'alice', role: 'leader' }] },
      ],
      notPatched: [],
    });
  });

  it('lists a member the manifest cannot name: a server user prune.users would delete, kept by a safety rule', () => {
    const desired = { ...desiredState([adminBlock('root')], { users: true, teams: true }), teams: [] };
    const admin = initialAdmin();
    const observed = { ...observedState([admin, observedUser(2, 'root', 'admin')]), teams: [observedTeam(1, 'legacy', [[admin, 'member']])] };
    expect(accept(desired, observed, [], planContext({ runningAs: 'root' })).notPatched).toEqual([{ address: 'team.legacy', code: 'member-unmanaged' }]);
  });
});
