import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readUsersQuickly } from '../../src/manifest/quick/quick-users.js';
import { manifestSchema } from '../../src/manifest/schema.js';

/**
 * The quick reader of `users` must give exactly the schema's answer, or
 * leave the entry to the schema: it may never accept what zod refuses, nor
 * read a value differently.
 */
const usersSchema = manifestSchema.shape.users;

const oddValue = fc.oneof(fc.constantFrom(null, 0, 1, true, '', ' ', 'a b', '1d', '0d', 'x'.repeat(128), [], {}), fc.string(), fc.jsonValue());
const username = fc.oneof(fc.stringMatching(/^[a-zA-Z0-9._@-]{1,12}$/), oddValue);
const secret = fc.oneof(
  fc.string({ minLength: 0, maxLength: 8 }),
  fc.record({ env: fc.oneof(fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,8}$/), oddValue) }),
  fc.record({ file: fc.oneof(fc.string({ maxLength: 8 }), oddValue) }),
  fc.record({ env: fc.constant('A'), file: fc.constant('b') }),
  oddValue,
);
const apiKey = fc.record(
  {
    description: fc.oneof(fc.string({ maxLength: 130 }), fc.constantFrom('ci', ' ', '', 'x'.repeat(127), 'x'.repeat(128)), oddValue),
    rotateAfter: fc.oneof(fc.constantFrom('90d', '12h', '2w', '0d', '1y', '30 d'), oddValue),
    extra: oddValue,
  },
  { requiredKeys: [] },
);
const user = fc.record(
  {
    username,
    role: fc.oneof(fc.constantFrom('admin', 'standard', 'Admin', 'leader'), oddValue),
    password: secret,
    apiKeys: fc.oneof(fc.array(apiKey, { maxLength: 3 }), oddValue),
    teams: fc.oneof(fc.array(fc.constantFrom('dev', 'ops')), oddValue),
    email: oddValue,
  },
  { requiredKeys: [] },
);
const plainUser = fc.record(
  {
    username: fc.stringMatching(/^[a-z0-9.-]{1,10}$/),
    role: fc.constantFrom('admin', 'standard'),
    password: fc.oneof(fc.record({ env: fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,8}$/) }), fc.string({ minLength: 1, maxLength: 8 })),
    apiKeys: fc.array(fc.record({ description: fc.stringMatching(/^[a-z]{1,8}$/), rotateAfter: fc.constantFrom('90d', '12h', '2w') }, { requiredKeys: ['description'] }), { maxLength: 3 }),
  },
  { requiredKeys: ['username'] },
);

function agrees(users: unknown): void {
  // Through JSON, as js-yaml would hand it over: plain objects, no undefined.
  const data: unknown = JSON.parse(JSON.stringify(users));
  const quick = readUsersQuickly(data);
  const parsed = usersSchema.safeParse(data);
  if (quick === undefined) return;
  expect(parsed.success).toBe(true);
  expect(quick).toStrictEqual(parsed.data);
}

/** A plain entry with one field (or one key's field) swapped for an edge case: the quick reader's boundaries. */
const EDGES: unknown[] = [null, 0, true, '', ' ', 'a b', 'a\tb', '\u00a0', 'x'.repeat(127), 'x'.repeat(128), '0d', '1y', 'Admin', [], {}, { env: '1A' }, { file: '' }, { env: 'A', file: 'b' }];
const edgeCase = fc
  .tuple(plainUser, fc.constantFrom('username', 'role', 'password', 'description', 'rotateAfter', 'email', 'teams'), fc.oneof(fc.constantFrom(...EDGES), oddValue))
  .map(([entry, field, value]) => {
    const user: Record<string, unknown> = { ...entry };
    if (field === 'description' || field === 'rotateAfter') user['apiKeys'] = [{ description: 'ci', [field]: value }];
    else user[field] = value;
    return user;
  });

describe('the quick reader of the users list', () => {
  it('gives the schema\'s reading or none, for any entries', () => {
    fc.assert(fc.property(fc.oneof(fc.array(user, { maxLength: 4 }), oddValue), agrees), { numRuns: 3000 });
  });

  it('agrees at the edges: every field of a plain entry swapped for a boundary value', () => {
    fc.assert(fc.property(fc.array(edgeCase, { minLength: 1, maxLength: 2 }), agrees), { numRuns: 5000 });
  });

  it('reads plain entries (the common case) itself, as the schema does', () => {
    fc.assert(
      fc.property(fc.array(plainUser, { maxLength: 5 }), (users) => {
        agrees(users);
        expect(readUsersQuickly(JSON.parse(JSON.stringify(users)))).toBeDefined();
      }),
      { numRuns: 2000 },
    );
  });
});
