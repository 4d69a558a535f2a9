import { describe, it } from 'vitest';
import type { ApplyFailure, ApplyNote } from '../../src/apply/outcome.js';
import { describeApplyFailure, describeApplyNote } from '../../src/render/apply/outcome-words.js';
import { goldenIn } from '../support/golden.js';

const expectGolden = goldenIn('render');
const SAID = 'POST /api/users failed with 502 Bad Gateway';

/** One of each note and failure apply can report: the sentences a person reads are in the golden file. */
const NOTES: ApplyNote[] = [
  { code: 'admin-already-initialised', address: 'admin' },
  { code: 'took-effect', address: 'user.carol', call: 'POST /api/users' },
  { code: 'already-gone', address: 'user.carol', what: 'user' },
  { code: 'already-gone', address: 'team.qa', what: 'team' },
  { code: 'already-gone', address: 'team.qa.member[bob]', what: 'membership' },
  { code: 'team-already-existed', address: 'team.developers', name: 'Developers' },
  { code: 'membership-already-existed', address: 'team.qa.member[bob]' },
  { code: 'membership-already-existed', address: 'team.qa.member[bob]', was: 'member', role: 'leader' },
  { code: 'password-reset', address: 'user.carol', username: 'carol' },
  { code: 'key-created-again', address: 'user.carol.apiKey[ci]' },
  { code: 'stale-lock-taken-over', lock: 'secrets.json.lock', pid: 4242 },
];

const FAILURES: ApplyFailure[] = [
  { code: 'error', said: SAID },
  { code: 'outcome-unknown', said: SAID, reread: 'GET /api/users failed with 503 Service Unavailable' },
  { code: 'not-taken-effect', said: SAID },
  { code: 'user-exists', username: 'carol' },
  { code: 'user-exists', username: 'carol', said: 'User already exists' },
  { code: 'no-secrets-file' },
  { code: 'key-outcome-unknown', said: SAID, username: 'carol', reread: 'the connection was reset' },
  { code: 'key-not-created', said: SAID, username: 'carol' },
  { code: 'key-owner-missing', username: 'carol' },
  { code: 'team-conflict-unfound', name: 'qa' },
  { code: 'membership-conflict-unfound', username: 'bob', team: 'qa' },
  { code: 'membership-removed', username: 'bob', team: 'qa' },
  { code: 'member-user-missing', username: 'zoe', team: 'developers' },
  { code: 'member-team-missing', username: 'alice', team: 'qa' },
  { code: 'access-holder-gone', scope: 'environment', resource: 'production', resourceId: 3 },
  { code: 'access-holder-gone', scope: 'group', resource: 'edge', resourceId: 2 },
  { code: 'grantee-missing', principal: 'team', name: 'ops', resource: 'production' },
];

describe("apply's notes and failures in words (golden)", () => {
  it('says every note', () => expectGolden('apply-notes.txt', NOTES.map((note) => `${describeApplyNote(note)}\n`).join('')));
  it('says every failure', () => expectGolden('apply-failures.txt', FAILURES.map((failure) => `${describeApplyFailure(failure)}\n`).join('')));
});
