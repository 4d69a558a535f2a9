export { diff, makePlan } from './make-plan.js';
export { orderChanges, APPLY_PHASES, phaseOf, type ApplyPhase } from './order.js';
export { matchesGlob } from './glob.js';
export { foldUsername, sameUsername } from './match.js';
export { DEFAULT_MAX_DELETES } from './rules/mass-delete.js';
export { isHeld, SEVERITY } from './types/problems.js';
export { passwordNeed } from './rules/passwords.js';
export { summarize } from './summary.js';
export * from './types/index.js';
