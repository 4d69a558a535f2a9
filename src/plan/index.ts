export { diff, makePlan } from './make-plan.js';
export { orderChanges, APPLY_PHASES, phaseOf, type ApplyPhase } from './order.js';
export { matchesGlob } from './glob.js';
export { foldUsername, sameUsername } from './match.js';
export * from './types.js';
