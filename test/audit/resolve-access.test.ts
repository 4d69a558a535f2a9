import { describe, expect, it } from 'vitest';
import { resolveAccess, type ResolverInput } from '../../src/audit/index.js';

/**
 * The cases of Portainer 2.45's pkg/authorization/resolver_test.go, as data:
 * the same roles (priority 1 environment administrator ... 4 read-only), the
 * same grants, the same expected role and source. Then what the tests there
 * leave implicit: a RoleId that is no role, ties between teams, Community
 * Edition.
 */
const admin = { id: 1, name: 'Environment Administrator', priority: 1 };
const operator = { id: 2, name: 'Operator', priority: 2 };
const helpdesk = { id: 3, name: 'Helpdesk', priority: 3 };
const readOnly = { id: 4, name: 'Read-only', priority: 4 };
const allRoles = [admin, operator, helpdesk, readOnly];

const none = { userAccess: [], teamAccess: [] };
const input = (overrides: Partial<ResolverInput>): ResolverInput => ({ userId: 1, environment: none, group: undefined, teamIds: [], roles: allRoles, ...overrides });

const cases: { name: string; input: ResolverInput; expected: { roleId: number; groupId?: number; teamId?: number } | undefined }[] = [
  { name: 'user on the environment', input: input({ environment: { userAccess: [{ id: 1, roleId: operator.id }], teamAccess: [] } }), expected: { roleId: operator.id } },
  { name: 'user on the group', input: input({ group: { id: 10, userAccess: [{ id: 1, roleId: helpdesk.id }], teamAccess: [] } }), expected: { roleId: helpdesk.id, groupId: 10 } },
  { name: 'team on the environment', input: input({ environment: { userAccess: [], teamAccess: [{ id: 100, roleId: readOnly.id }] }, teamIds: [100] }), expected: { roleId: readOnly.id, teamId: 100 } },
  { name: 'team on the group', input: input({ group: { id: 10, userAccess: [], teamAccess: [{ id: 100, roleId: operator.id }] }, teamIds: [100] }), expected: { roleId: operator.id, groupId: 10, teamId: 100 } },
  {
    name: 'precedence: the environment over the group, even for a stronger role there',
    input: input({ environment: { userAccess: [{ id: 1, roleId: operator.id }], teamAccess: [] }, group: { id: 10, userAccess: [{ id: 1, roleId: admin.id }], teamAccess: [] } }),
    expected: { roleId: operator.id },
  },
  {
    name: 'precedence: the user over its team',
    input: input({ environment: { userAccess: [{ id: 1, roleId: helpdesk.id }], teamAccess: [{ id: 100, roleId: admin.id }] }, teamIds: [100] }),
    expected: { roleId: helpdesk.id },
  },
  {
    name: "precedence: the team's environment grant over its group grant",
    input: input({ environment: { userAccess: [], teamAccess: [{ id: 100, roleId: readOnly.id }] }, group: { id: 10, userAccess: [], teamAccess: [{ id: 100, roleId: admin.id }] }, teamIds: [100] }),
    expected: { roleId: readOnly.id, teamId: 100 },
  },
  { name: 'no grant anywhere', input: input({ group: { id: 10, ...none } }), expected: undefined },
  {
    name: 'several teams: the highest priority number (the most restrictive role) wins',
    input: input({ environment: { userAccess: [], teamAccess: [{ id: 100, roleId: readOnly.id }, { id: 200, roleId: admin.id }, { id: 300, roleId: operator.id }] }, teamIds: [100, 200, 300] }),
    expected: { roleId: readOnly.id, teamId: 100 },
  },
  { name: 'a RoleId that is no role (999) gives nothing', input: input({ environment: { userAccess: [{ id: 1, roleId: 999 }], teamAccess: [] } }), expected: undefined },
  // What 2.45's handler implies beyond its tests: a layer that finds no role falls through to the next.
  {
    name: 'RoleId 0 on the environment gives nothing; the group still grants',
    input: input({ environment: { userAccess: [{ id: 1, roleId: 0 }], teamAccess: [] }, group: { id: 10, userAccess: [{ id: 1, roleId: helpdesk.id }], teamAccess: [] } }),
    expected: { roleId: helpdesk.id, groupId: 10 },
  },
  {
    name: "a team's unknown RoleId is skipped, the other team's role counts",
    input: input({ environment: { userAccess: [], teamAccess: [{ id: 100, roleId: 0 }, { id: 200, roleId: operator.id }] }, teamIds: [100, 200] }),
    expected: { roleId: operator.id, teamId: 200 },
  },
  {
    name: 'two teams with the same role: the first membership names the team',
    input: input({ environment: { userAccess: [], teamAccess: [{ id: 100, roleId: helpdesk.id }, { id: 200, roleId: helpdesk.id }] }, teamIds: [200, 100] }),
    expected: { roleId: helpdesk.id, teamId: 200 },
  },
  { name: "a grant to a team the user is not in gives nothing", input: input({ environment: { userAccess: [], teamAccess: [{ id: 100, roleId: admin.id }] }, teamIds: [200] }), expected: undefined },
];

describe("effective access, resolved as Portainer 2.45's resolver", () => {
  it.each(cases)('$name', ({ input: given, expected }) => {
    const resolved = resolveAccess(given);
    if (expected === undefined) {
      expect(resolved).toBeUndefined();
      return;
    }
    expect(resolved?.role?.id).toBe(expected.roleId);
    expect(resolved?.groupId).toBe(expected.groupId);
    expect(resolved?.teamId).toBe(expected.teamId);
  });

  it('on Community Edition (no roles) any grant is access, whatever its RoleId, in the same order of layers', () => {
    const community = (overrides: Partial<ResolverInput>) => resolveAccess(input({ roles: [], ...overrides }));
    expect(community({ environment: { userAccess: [{ id: 1, roleId: 0 }], teamAccess: [] } })).toEqual({ role: undefined });
    expect(community({ group: { id: 10, userAccess: [], teamAccess: [{ id: 100, roleId: 77 }] }, teamIds: [100] })).toEqual({ role: undefined, groupId: 10, teamId: 100 });
    expect(community({ environment: { userAccess: [], teamAccess: [{ id: 100, roleId: 3 }] } })).toBeUndefined();
  });
});
