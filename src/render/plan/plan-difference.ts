import type { PlanDifference } from '../../plan-format/compare.js';
import type { Change } from '../../plan/types/index.js';

/** Why a saved (or reviewed) plan is not what apply would do now, naming the first address that differs. */
export function describeDifference(difference: PlanDifference, savedName = 'the saved plan'): string {
  const { address, saved, fresh, field } = difference;
  if (saved && !fresh) return `${savedName} would ${saved.action} ${address}, which a fresh plan does not`;
  if (fresh && !saved) return `a fresh plan would also ${fresh.action} ${address}, which ${savedName} does not`;
  if (saved && fresh && saved.action !== fresh.action) return `${savedName} would ${saved.action} ${address}, a fresh plan would ${fresh.action} it`;
  if (field) return `at ${address}, ${field} is ${valueAt(saved, field)} in ${savedName} and ${valueAt(fresh, field)} in a fresh plan`;
  return `the changes at ${address} come in another order in ${savedName}`;
}

function valueAt(change: Change | undefined, field: string): string {
  let value: unknown = change;
  for (const key of field.split('.')) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  const json = JSON.stringify(value) ?? 'absent';
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}
