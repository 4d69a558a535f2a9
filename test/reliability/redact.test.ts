import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redactBody, redactHeaders, redactValue } from '../../src/portainer/transport/redact.js';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJpZCI6MX0.c2lnbmF0dXJl';
const RAW_KEY = 'ptr_9XyZaBcDeFgHiJkLmNoPqRsTuVwX0123456789abc=';

describe('what --debug may show', () => {
  it('replaces credential headers and keeps the others', () => {
    expect(
      redactHeaders({ Authorization: `Bearer ${JWT}`, 'X-API-Key': RAW_KEY, 'x-setup-token': 'abc', cookie: 'portainer_api_key=1', accept: 'application/json' }),
    ).toEqual({ authorization: '[redacted]', 'x-api-key': '[redacted]', 'x-setup-token': '[redacted]', cookie: '[redacted]', accept: 'application/json' });
  });

  it('replaces passwords, JWTs, raw keys and digests in bodies, at any depth', () => {
    expect(redactValue({ username: 'admin', password: 'hunter2-hunter2' })).toEqual({ username: 'admin', password: '[redacted]' });
    expect(redactValue({ Username: 'admin', Password: 'x' })).toEqual({ Username: 'admin', Password: '[redacted]' });
    expect(redactValue({ newPassword: 'x', role: 1 })).toEqual({ newPassword: '[redacted]', role: 1 });
    expect(redactValue({ jwt: JWT })).toEqual({ jwt: '[redacted]' });
    expect(redactValue({ rawAPIKey: RAW_KEY, apiKey: { id: 1, description: 'ci', prefix: 'ptr_9XyZ', digest: 'abc' } })).toEqual({
      rawAPIKey: '[redacted]',
      apiKey: { id: 1, description: 'ci', prefix: '[redacted]', digest: '[redacted]' },
    });
    expect(redactValue({ RequiredPasswordLength: 12, RequiresSetupToken: false })).toEqual({ RequiredPasswordLength: 12, RequiresSetupToken: false });
    expect(redactValue([{ Id: 1, Username: 'a', details: `token ${JWT} and ${RAW_KEY}` }])).toEqual([
      { Id: 1, Username: 'a', details: 'token [redacted] and [redacted]' },
    ]);
  });

  it('cuts long bodies', () => {
    const body = redactBody(Array.from({ length: 1000 }, (_, id) => ({ Id: id, Username: `user${id}`, Role: 2 })));
    expect(body!.length).toBeLessThan(450);
    expect(body).toMatch(/\.\.\. \(\d+ chars\)$/);
  });

  it('never lets a secret value through, wherever it sits', () => {
    const secretField = fc.constantFrom('password', 'Password', 'newPassword', 'jwt', 'rawAPIKey', 'digest', 'token');
    fc.assert(
      fc.property(fc.jsonValue(), secretField, fc.string({ minLength: 1 }), (noise, field, value) => {
        const secret = `S3cr3t-${value}`;
        const shown = redactBody({ noise, nested: [{ [field]: secret }] }) ?? '';
        return !shown.includes(secret);
      }),
    );
  });
});
