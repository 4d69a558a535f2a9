import { describe, expect, it } from 'vitest';
import { SEVERITY } from '../../src/plan/index.js';
import { docPages, readDoc, rowsByCode, sectionOf } from '../support/docs.js';
import { applyPhases, changeKinds, codesInSource, driftKinds, notPatchedCodes, problemCodes } from './code-facts.js';

/**
 * The codes and kinds a plan, a drift report or an accepted patch can hold
 * are documented where a reader looks for them: every problem code, change
 * kind, action and apply phase in docs/plan-format.md, every drift kind and
 * not-patched code in docs/drift.md. The lists come from the code, so a new
 * one fails here until it is documented.
 */

const planFormat = readDoc('plan-format.md');
const drift = readDoc('drift.md');

/** What the code knows and the page does not. */
function missing(known: string[], documented: Map<string, string[]>): string[] {
  return known.filter((entry) => !documented.has(entry));
}

describe('docs/plan-format.md', () => {
  it('has a row for every problem code, with the severity the code has', () => {
    const codes = problemCodes();
    expect(codes).toEqual(expect.arrayContaining(['held.protected', 'access.orphan', 'mass-delete.exceeded']));
    const rows = rowsByCode(sectionOf(planFormat, 'Problem codes'));
    expect(missing(codes, rows), 'problem codes missing from the table').toEqual([]);
    const severities = codes.map((code) => [code, rows.get(code)?.[1]]);
    expect(severities).toEqual(codes.map((code) => [code, SEVERITY[code as keyof typeof SEVERITY]]));
  });

  it('lists no problem code the code does not have', () => {
    const rows = [...rowsByCode(sectionOf(planFormat, 'Problem codes')).keys()];
    expect(rows.filter((code) => !problemCodes().includes(code))).toEqual([]);
  });

  it('has a row for every change kind naming each of its actions', () => {
    const kinds = changeKinds();
    expect([...kinds.keys()]).toEqual(expect.arrayContaining(['user', 'api-key', 'environment-access', 'group-access']));
    const rows = rowsByCode(sectionOf(planFormat, 'Change kinds and actions'));
    expect(missing([...kinds.keys()], rows), 'change kinds missing from the table').toEqual([]);
    const actions = [...kinds].map(([kind, list]) => [kind, list.filter((action) => !rows.get(kind)?.[1]?.includes(`\`${action}\``))]);
    expect(actions, 'actions missing from their kind\'s row').toEqual([...kinds.keys()].map((kind) => [kind, []]));
  });

  it('names every apply phase, in the order apply runs them', () => {
    const phases = applyPhases();
    expect(phases.length).toBeGreaterThanOrEqual(13);
    const documented = [...rowsByPhase(sectionOf(planFormat, 'Apply phases'))];
    expect(documented).toEqual(phases);
  });

  it('mentions every area.name code the source gives a `code:`', () => {
    const docs = docPages().map(readDoc).join('\n');
    expect(codesInSource().filter((code) => !docs.includes(`\`${code}\``))).toEqual([]);
  });
});

describe('docs/drift.md', () => {
  it('has a row for every drift kind', () => {
    const kinds = driftKinds();
    expect(kinds).toEqual(expect.arrayContaining(['role-changed', 'member-missing', 'grant-unexpected']));
    expect(missing(kinds, rowsByCode(sectionOf(drift, 'Drift kinds')))).toEqual([]);
  });

  it('has a row for every reason a difference is not patched', () => {
    const codes = notPatchedCodes();
    expect(codes).toEqual(expect.arrayContaining(['held', 'unresolved']));
    expect(missing(codes, rowsByCode(sectionOf(drift, 'Accepting drift')))).toEqual([]);
  });
});

/** The phase names of the apply phases table (`| 3 | role promotions | ... |`), in its order. */
function* rowsByPhase(section: string): Generator<string> {
  for (const line of section.split('\n')) {
    const match = /^\|\s*\d+\s*\|\s*([^|]+?)\s*\|/.exec(line);
    if (match) yield match[1]!;
  }
}
