import fc from 'fast-check';
import { describe, it } from 'vitest';
import * as wire from '../../src/portainer/wire/wire.js';
import * as wireEnvironments from '../../src/portainer/wire/wire-environments.js';

/** The plain-loop readers of the two long answers must accept exactly what the zod schemas accept, and build the same values. */
describe('the quick readers of long lists', () => {
  const anyValue = fc.oneof(fc.jsonValue(), fc.constantFrom(0, 1, 2, -1, 1.5, 2 ** 53, '1', null));
  const agree = (quick: (json: unknown) => unknown, schema: { safeParse(json: unknown): { success: boolean; data?: unknown } }) => (body: unknown) => {
    const json: unknown = JSON.parse(JSON.stringify(body));
    const parsed = schema.safeParse(json);
    const read = quick(json);
    return read === undefined ? !parsed.success : parsed.success && JSON.stringify(read) === JSON.stringify(parsed.data);
  };

  it('read a user list exactly as userListSchema does, or leave it to the schema', () => {
    const user = fc.record({ Id: anyValue, Username: anyValue, Role: anyValue, Extra: anyValue }, { requiredKeys: [] });
    const good = fc.record({ Id: fc.nat(), Username: fc.string(), Role: fc.constantFrom(1, 2), Email: fc.string() });
    fc.assert(fc.property(fc.oneof(fc.array(user), fc.array(good), fc.jsonValue()), agree(wire.readUserList, wire.userListSchema)), { numRuns: 3000 });
  });

  it('read a key list exactly as apiKeyListSchema does, or leave it to the schema', () => {
    const names = ['id', 'userId', 'description', 'prefix', 'dateCreated', 'lastUsed', 'digest'] as const;
    const key = fc.record(Object.fromEntries(names.map((name) => [name, anyValue])), { requiredKeys: [] });
    const good = fc.record(
      { id: fc.nat(), userId: fc.nat(), description: fc.string(), prefix: fc.string(), dateCreated: fc.integer(), lastUsed: fc.integer(), digest: fc.string() },
      { requiredKeys: ['id', 'userId', 'description', 'dateCreated'] },
    );
    fc.assert(fc.property(fc.oneof(fc.array(key), fc.array(good), fc.jsonValue()), agree(wire.readApiKeyList, wire.apiKeyListSchema)), { numRuns: 3000 });
  });

  it('read an environment list exactly as environmentListSchema does, or leave it to the schema', () => {
    const policy = fc.oneof(fc.constant(null), fc.record({ RoleId: anyValue }, { requiredKeys: [] }), anyValue);
    const policies = fc.oneof(fc.constant(null), fc.dictionary(fc.oneof(fc.nat().map(String), fc.string()), policy), anyValue);
    const environment = fc.record({ Id: anyValue, Name: anyValue, GroupId: anyValue, UserAccessPolicies: policies, TeamAccessPolicies: policies }, { requiredKeys: [] });
    const goodPolicies = fc.dictionary(fc.nat().map(String), fc.record({ RoleId: fc.integer() }));
    const good = fc.record({ Id: fc.nat(), Name: fc.string(), GroupId: fc.nat(), UserAccessPolicies: goodPolicies, TeamAccessPolicies: goodPolicies, Snapshots: fc.constant([]) });
    fc.assert(
      fc.property(fc.oneof(fc.array(environment), fc.array(good), fc.jsonValue()), agree(wireEnvironments.readEnvironmentList, wireEnvironments.environmentListSchema)),
      { numRuns: 3000 },
    );
  });
});
