import type { PlanBody, Problem } from '../../src/plan/types/index.js';

/** The plan's problems of one severity. */
export function errorsOf(body: Pick<PlanBody, 'problems'>): Problem[] {
  return body.problems.filter((problem) => problem.severity === 'error');
}

export function warningsOf(body: Pick<PlanBody, 'problems'>): Problem[] {
  return body.problems.filter((problem) => problem.severity === 'warning');
}

/** `code address` per problem: what a rule said, and where. */
export function codesOf(problems: readonly Problem[]): string[] {
  return problems.map((problem) => `${problem.code} ${problem.address}`);
}

/** `action address` per held change. */
export function heldOf(body: Pick<PlanBody, 'held'>): string[] {
  return body.held.map((held) => `${held.code} ${held.change.action} ${held.change.address}`);
}
