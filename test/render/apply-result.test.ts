import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/plan/types/index.js';
import { renderApplyErrors, renderApplyInterrupted, renderApplyResult, renderProgressLine } from '../../src/render/apply/apply-result.js';

const teamDelete: Change = {
  address: 'team.evil\u001b[2J',
  kind: 'team',
  action: 'delete',
  teamId: 3,
  before: { name: 'evil\u001b[2J', members: 0 },
  after: null,
};
const membershipAdd: Change = {
  address: 'team.ops.member[bob]',
  kind: 'team-membership',
  action: 'create',
  team: 'ops',
  username: 'bob',
  before: null,
  after: { role: 'member' },
};

describe('apply progress and result with team changes', () => {
  it('counts team and membership changes like user changes', () => {
    expect(renderApplyResult({ applied: [membershipAdd, teamDelete], failures: [], notAttempted: [], outcomes: [], notes: [] })).toBe(
      'Apply complete! Resources: 1 added, 0 changed, 0 replaced, 1 destroyed.\n',
    );
  });

  it('shows a name from the server with its control characters escaped, never raw', () => {
    expect(renderProgressLine({ state: 'start', change: teamDelete })).toBe('team.evil\\u001b[2J: Destroying...');
    const failure = { change: teamDelete, failure: { code: 'error' as const, said: 'gone' } };
    const result = { applied: [membershipAdd], failed: failure, failures: [failure], notAttempted: [], outcomes: [], notes: [] };
    expect(renderApplyResult(result)).not.toContain('\u001b');
    expect(renderApplyResult(result)).toContain('  ! team.evil\\u001b[2J');
    expect(renderApplyErrors(result)).toBe('Error: apply failed at team.evil\\u001b[2J: gone\n');
  });

  it('escapes the addresses and notes of an interrupted apply as every other report does', () => {
    const reordered: Change = { ...membershipAdd, address: 'team.ops.member[\u202eevil]', username: '\u202eevil' };
    const note = { code: 'team-already-existed' as const, address: 'team.x\u0007', name: 'x\u0007' };
    const report = renderApplyInterrupted({ applied: [teamDelete], notAttempted: [reordered], failures: [], outcomes: [], notes: [note] });
    expect(report).not.toMatch(/[\u0007\u001b\u202e]/);
    expect(report).toContain('  - team.evil\\u001b[2J\n');
    expect(report).toContain('  + team.ops.member[\\u202eevil]\n');
    expect(report).toContain('team.x\\u0007');
    expect(renderApplyResult({ applied: [], failures: [], notAttempted: [], outcomes: [], notes: [note] })).not.toContain('\u0007');
  });
});
