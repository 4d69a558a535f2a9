/** The plan as a public, versioned format: assembled with its digests, parsed back from a file, and compared with a fresh one. */
export { canonicalChanges, digestChanges } from '../plan/canonical.js';
export { firstDifference, type PlanDifference } from './compare.js';
export { makePlan } from '../plan/make-plan.js';
export { parsePlanFile } from './plan-schema.js';
export { readSavedPlan, SavedPlanError } from './saved-plan.js';
