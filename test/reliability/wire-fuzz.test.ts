import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { failureOf, parseAnswer } from '../../src/portainer/calls/answers.js';
import { PortainerError } from '../../src/portainer/errors.js';
import type { Answer, Call } from '../../src/portainer/transport/transport.js';
import * as wire from '../../src/portainer/wire/wire.js';

/** Portainer's answers as the client sees them: any status, any headers, any body. */
function answerOf(status: number, text: string, headers: Record<string, string> = {}): Answer {
  let json: unknown;
  try {
    json = text.trim() === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { url: 'http://portainer.test/api/users', status, headers: new Headers(headers), json, text };
}

const SCHEMAS = {
  user: wire.userSchema,
  users: wire.userListSchema,
  status: wire.statusSchema,
  settings: wire.publicSettingsSchema,
  login: wire.loginSchema,
  keys: wire.apiKeyListSchema,
  createdKey: wire.createdApiKeySchema,
  memberships: wire.teamMembershipListSchema,
  error: wire.errorBodySchema,
};

const bodyText = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('', ' ', '<html><body>502 Bad Gateway</body></html>', '{"message":', 'null', '[]', '{}'),
  fc.record({ message: fc.string({ unit: 'binary' }), details: fc.string({ unit: 'binary' }) }, { requiredKeys: [] }).map((body) => JSON.stringify(body)),
);
const call: Call = { method: 'GET', route: 'users' };
const SECRET = 'ptr_fuzz-secret-value-0001';

describe('the response parsers, fuzzed', () => {
  it('either parse a body or reject it as an invalid response; they never throw anything else', () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(SCHEMAS)), bodyText, (name, text) => {
        const schema = SCHEMAS[name as keyof typeof SCHEMAS];
        try {
          parseAnswer(call, answerOf(200, text), schema, 'something');
        } catch (error) {
          // An HTML page is named as a server that is not Portainer; anything else as the call's invalid body.
          return error instanceof PortainerError && error.kind === 'invalid-response' && /^(GET \/api\/users answered|http:\/\/portainer\.test: this does not look like Portainer)/.test(error.userMessage);
        }
        return true;
      }),
      { numRuns: 2000 },
    );
  });

  it('never quote a value from a body they reject', () => {
    const withSecret = fc.jsonValue().chain((value) =>
      fc.constantFrom(
        { rawAPIKey: SECRET, apiKey: value },
        { jwt: 42, extra: SECRET },
        [{ Id: SECRET, Username: value, Role: 1 }],
        { Version: [SECRET] },
        [{ id: 1, userId: 1, description: SECRET, dateCreated: SECRET }],
      ),
    );
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(SCHEMAS)), withSecret, (name, body) => {
        try {
          parseAnswer(call, answerOf(200, JSON.stringify(body)), SCHEMAS[name as keyof typeof SCHEMAS], 'something');
        } catch (error) {
          return !(error as PortainerError).userMessage.includes(SECRET);
        }
        return true;
      }),
    );
  });

  it('keep the fields they use and ignore any others', () => {
    const user = fc.record({ Id: fc.nat(), Username: fc.string(), Role: fc.constantFrom(1, 2) });
    const extras = fc.dictionary(fc.string().filter((k) => !['Id', 'Username', 'Role'].includes(k) && k !== '__proto__'), fc.jsonValue());
    fc.assert(
      fc.property(fc.array(fc.tuple(user, extras)), (pairs) => {
        const body = pairs.map(([known, extra]) => ({ ...extra, ...known }));
        const parsed = parseAnswer(call, answerOf(200, JSON.stringify(body)), wire.userListSchema, 'a list of users');
        expect(parsed).toEqual(pairs.map(([u]) => ({ id: u.Id, username: u.Username, role: u.Role === 1 ? 'admin' : 'standard' })));
      }),
    );
  });

  it('turn any failed answer into one short sentence naming the call and status', () => {
    const headers = fc.dictionary(fc.constantFrom('retry-after', 'location', 'content-type'), fc.string({ unit: 'grapheme-ascii' }));
    fc.assert(
      fc.property(fc.integer({ min: 300, max: 599 }), bodyText, headers, fc.boolean(), (status, text, head, paced) => {
        const error = failureOf({ method: 'POST', route: 'auth', ...(paced ? { paced } : {}) }, answerOf(status, text, head), { username: 'alice' });
        expect(error).toBeInstanceOf(PortainerError);
        expect(error.userMessage).toContain('/api/auth');
        expect(error.userMessage).not.toMatch(/[\u0000-\u001f\u007f]/);
        expect(error.userMessage.length).toBeLessThan(900);
      }),
      { numRuns: 1000 },
    );
  });
});
