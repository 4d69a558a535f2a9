import { describe, expect, it } from 'vitest';
import { makeTeam } from './made-teams.js';
import { bearer, jwtOf, raw } from './raw-http.js';
import { itEmulated, PASSWORD, startFreshEmulator, startTarget, type Target } from './target.js';

/**
 * Portainer's error bodies word for word (pkg/libhttp/error: `details` is the
 * wrapped error's text with its first letter capitalised), for each payload
 * check of the users, tokens, teams and memberships handlers of 2.45.
 */

async function adminJwt(target: Target): Promise<string> {
  return jwtOf(target, target.admin.username, target.admin.password.reveal());
}

const INVALID_PAYLOAD = 'Invalid request payload';

describe('payload checks of the users handlers', () => {
  it.each([
    [{ username: 'has space', password: PASSWORD, role: 2 }, 'Invalid username. Must not contain any whitespace'],
    [{ username: '', password: PASSWORD, role: 2 }, 'Invalid username. Must not contain any whitespace'],
    [{ username: 'nospace', password: PASSWORD, role: 3 }, 'Invalid role value. Value must be one of: 1 (administrator) or 2 (regular user)'],
  ])('POST /users %j: 400 with its details', async (body, details) => {
    const target = await startTarget();
    const answer = await raw(target.url, 'POST', '/users', { headers: bearer(await adminJwt(target)), body });
    expect({ status: answer.status, body: answer.json() }).toEqual({ status: 400, body: { message: INVALID_PAYLOAD, details } });
  });

  it.each([
    [{ username: 'has space' }, 'Invalid username. Must not contain any whitespace'],
    [{ role: 5 }, 'Invalid role value. Value must be one of: 1 (administrator) or 2 (regular user)'],
  ])('PUT /users/{id} %j: 400, capitalised though Portainer writes it lower-case', async (body, details) => {
    const target = await startTarget();
    const alice = await target.createUser('alice');
    const answer = await raw(target.url, 'PUT', `/users/${alice.id}`, { headers: bearer(await adminJwt(target)), body });
    expect({ status: answer.status, body: answer.json() }).toEqual({ status: 400, body: { message: INVALID_PAYLOAD, details } });
  });

  it.each([
    [{ description: '', password: PASSWORD }, 'Invalid description: cannot be empty'],
    [{ description: '  \t', password: PASSWORD }, 'Invalid description: cannot contain only whitespaces'],
    [{ description: 'd'.repeat(128), password: PASSWORD }, 'Invalid description: cannot be longer than 128 characters'],
    [{ description: 'ci', password: '' }, 'Invalid password: cannot be empty'],
  ])('POST /users/{id}/tokens %j: 400 with its details', async (body, details) => {
    const target = await startTarget();
    const alice = await target.createUser('alice');
    const answer = await raw(target.url, 'POST', `/users/${alice.id}/tokens`, { headers: bearer(await jwtOf(target, alice.username, PASSWORD)), body });
    expect({ status: answer.status, body: answer.json() }).toEqual({ status: 400, body: { message: INVALID_PAYLOAD, details } });
  });

  it('refuses an API key sent with an Authorization header: 401 in 2.45 words', async () => {
    const target = await startTarget();
    const jwt = await adminJwt(target);
    const answer = await raw(target.url, 'GET', '/users/me', { headers: { ...bearer(jwt), 'x-api-key': 'ptr_any' } });
    expect({ status: answer.status, body: answer.json() }).toEqual({
      status: 401,
      body: { message: 'API key and auth header are not allowed at the same time', details: 'Unauthorized' },
    });
  });
});

describe('payload checks of the teams and memberships handlers', () => {
  it('POST /teams without a name: 400 Invalid team name', async () => {
    const target = await startTarget();
    const answer = await raw(target.url, 'POST', '/teams', { headers: bearer(await adminJwt(target)), body: { Name: '' } });
    expect({ status: answer.status, body: answer.json() }).toEqual({ status: 400, body: { message: INVALID_PAYLOAD, details: 'Invalid team name' } });
  });

  it.each([
    [{ UserID: 0, TeamID: 1, Role: 2 }, 'Invalid UserID'],
    [{ UserID: 1, TeamID: 0, Role: 2 }, 'Invalid TeamID'],
    [{ UserID: 1, TeamID: 1, Role: 3 }, 'Invalid role value. Value must be one of: 1 (leader) or 2 (member)'],
  ])('POST /team_memberships %j: 400 with its details', async (body, details) => {
    const target = await startTarget();
    const team = await makeTeam(target, 'developers');
    const answer = await raw(target.url, 'POST', '/team_memberships', { headers: bearer(await adminJwt(target)), body: { ...body, TeamID: body.TeamID && team.id } });
    expect({ status: answer.status, body: answer.json() }).toEqual({ status: 400, body: { message: INVALID_PAYLOAD, details } });
  });
});

describe("bcrypt's refusal of more than 72 bytes", () => {
  const LONG = 'p'.repeat(73);
  const HASH_FAILURE = { message: 'Unable to hash user password', details: 'Unable to hash data' };

  it('answers 500 Unable to hash data on create, update and /passwd', async () => {
    const target = await startTarget();
    const jwt = await adminJwt(target);
    const alice = await target.createUser('alice');
    const answers = [
      await raw(target.url, 'POST', '/users', { headers: bearer(jwt), body: { username: target.name('long'), password: LONG, role: 2 } }),
      await raw(target.url, 'PUT', `/users/${alice.id}`, { headers: bearer(jwt), body: { newPassword: LONG } }),
      await raw(target.url, 'PUT', `/users/${alice.id}/passwd`, { headers: bearer(jwt), body: { password: PASSWORD, newPassword: LONG } }),
    ];
    expect(answers.map((answer) => ({ status: answer.status, body: answer.json() }))).toEqual(answers.map(() => ({ status: 500, body: HASH_FAILURE })));
  });

  itEmulated('answers the same on admin init', async () => {
    const fresh = await startFreshEmulator();
    const answer = await raw(fresh.url, 'POST', '/users/admin/init', { body: { Username: 'admin', Password: LONG } });
    expect({ status: answer.status, body: answer.json() }).toEqual({ status: 500, body: HASH_FAILURE });
  });
});

describe('admin init', () => {
  itEmulated('refuses a missing setup token with the sentence of the log, and the error capitalised', async () => {
    const fresh = await startFreshEmulator({ setupToken: 'a'.repeat(64) });
    const answer = await raw(fresh.url, 'POST', '/users/admin/init', { headers: { 'x-setup-token': 'wrong' }, body: { Username: 'admin', Password: PASSWORD } });
    expect({ status: answer.status, body: answer.json() }).toEqual({
      status: 403,
      body: {
        message: 'Invalid or missing setup token. Provide the X-Setup-Token header with the token printed in the server logs at startup.',
        details: 'Invalid or missing setup token',
      },
    });
  });

  itEmulated.each([
    [{ Username: 'has space', Password: PASSWORD }, 'Invalid username. Must not contain any whitespace'],
    [{ Username: 'admin', Password: '' }, 'Invalid password'],
  ])('refuses %j with 400 and its details', async (body, details) => {
    const fresh = await startFreshEmulator();
    const answer = await raw(fresh.url, 'POST', '/users/admin/init', { body });
    expect({ status: answer.status, body: answer.json() }).toEqual({ status: 400, body: { message: INVALID_PAYLOAD, details } });
  });
});

describe('an LDAP or OAuth Portainer', () => {
  itEmulated('refuses a password on create with the sentence as message and, capitalised, as details', async () => {
    const target = await startTarget({ authentication: 'ldap' });
    const answer = await raw(target.url, 'POST', '/users', { headers: bearer(await adminJwt(target)), body: { username: 'erin', password: PASSWORD, role: 2 } });
    const sentence = 'a user with password can not be created when authentication method is Oauth or LDAP';
    expect({ status: answer.status, body: answer.json() }).toEqual({
      status: 400,
      body: { message: sentence, details: 'A user with password can not be created when authentication method is Oauth or LDAP' },
    });
  });
});
