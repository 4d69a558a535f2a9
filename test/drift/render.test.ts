import { describe, expect, it } from 'vitest';
import type { DriftReport } from '../../src/drift/index.js';
import { renderDriftJson } from '../../src/render/drift/json.js';
import { renderDriftMarkdown } from '../../src/render/drift/markdown.js';
import { renderDriftText } from '../../src/render/drift/text.js';
import { goldenIn } from '../support/golden.js';
import { adminBlock, desiredState, initialAdmin, observedState, observedUser } from '../support/state-builders.js';
import { reportOf, representativeReport, teamsReport, unmanagedOnlyReport, unreadableKeysReport } from './reports.js';

/** Run with UPDATE_GOLDEN=1 to rewrite after a deliberate change, then review the diff: CI parsers read these. */
const expectGolden = goldenIn('drift');


const REPORTS: [string, () => DriftReport][] = [
  ['representative', representativeReport],
  ['unmanaged-only', unmanagedOnlyReport],
  ['unreadable-keys', unreadableKeysReport],
  ['teams', () => teamsReport(true)],
  ['unmanaged-teams', () => teamsReport(false)],
];

describe.each(REPORTS)('the %s drift report (golden)', (name, make) => {
  it('prints as text without colour', () => expectGolden(`${name}.txt`, renderDriftText(make(), { color: false })));
  it('prints as JSON', () => expectGolden(`${name}.json`, renderDriftJson(make())));
  it('prints as markdown', () => expectGolden(`${name}.md`, renderDriftMarkdown(make())));
});

describe('drift renderers', () => {
  it('JSON is versioned and parses back to the report', () => {
    const report = representativeReport();
    const parsed = JSON.parse(renderDriftJson(report));
    expect(parsed.formatVersion).toBe(1);
    // Each item as the report holds it, with its sentence, and without the facts only the sentence needs.
    const items = report.drift.map((driftItem) => {
      const { reason: _r, keyId: _k, copyOfListed: _c, ...item } = driftItem as unknown as Record<string, unknown>;
      return item;
    });
    expect(parsed.drift.map(({ message: _message, ...item }: Record<string, unknown>) => item)).toEqual(JSON.parse(JSON.stringify(items)));
    expect(parsed.drift.every((item: { message: unknown }) => typeof item.message === 'string')).toBe(true);
    expect(parsed.summary).toEqual(report.summary);
    expect(parsed.held.map((held: { code: string }) => held.code)).toEqual(report.held.map((held) => held.code));
    expect(parsed.applyBlockers.map((error: { address: string; code: string }) => `${error.code} ${error.address}`)).toEqual(
      report.applyBlockers.map((error) => `${error.code} ${error.address}`),
    );
    expect(parsed.unmanaged.map((user: { reasonCode: string }) => user.reasonCode)).toEqual(report.unmanaged.map((user) => user.reason.code));
  });

  it('markdown escapes names that would break a table or inject HTML', () => {
    const desired = desiredState([adminBlock()], { users: true });
    const report = reportOf(desired, observedState([initialAdmin(), observedUser(2, 'a|b<script>`x`')]));
    const markdown = renderDriftMarkdown(report);
    // Inside a code span `<` is literal text; anywhere else it must be escaped.
    const outsideCode = markdown.replace(/``[^`]*(?:`[^`]+)*``|`[^`]*`/g, '');
    expect(outsideCode).not.toContain('<script>');
    const row = markdown.split('\n').find((line) => line.includes('user not in manifest'));
    expect(row?.split(/(?<!\\)\|/).length).toBe(6);
  });

  it('markdown stays under GitHub comment limit for a huge report', () => {
    const users = Array.from({ length: 3000 }, (_, index) => observedUser(index + 2, `user-${index}-${'x'.repeat(40)}`));
    const report = reportOf(desiredState([adminBlock()], { users: true }), observedState([initialAdmin(), ...users]), { allowMassDelete: true });
    const markdown = renderDriftMarkdown(report);
    expect(markdown.length).toBeLessThan(65_536);
    expect(markdown).toMatch(/more differences were left out/);
  });

  it('text shows control characters escaped, never raw', () => {
    const report = reportOf(desiredState([adminBlock()], { users: false }), observedState([initialAdmin(), observedUser(2, 'evil\u001b[2J')]));
    expect(renderDriftText(report, { color: false })).toContain('evil\\u001b[2J');
  });
});

describe('the next step of a layered report', () => {
  it('names every manifest, in order, in the plan it points to (text and markdown alike)', () => {
    const report: DriftReport = { ...representativeReport(), manifest: 'users.yaml', manifests: ['users.yaml', 'prod.yaml'] };
    const command = 'portainer-users plan -f users.yaml -f prod.yaml';
    expect(renderDriftText(report, { color: false })).toContain(`\`${command}\``);
    expect(renderDriftMarkdown(report)).toContain(`\`${command}\``);
  });
});
