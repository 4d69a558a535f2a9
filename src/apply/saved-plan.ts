import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Plan } from '../plan/types.js';
import { UserFacingError } from '../user-message.js';

export class SavedPlanError extends UserFacingError {}

// The envelope is checked; the changes were written by this tool's planner and are trusted as data.
const savedPlanSchema = z.looseObject({
  formatVersion: z.literal(1),
  target: z.string(),
  manifest: z.string(),
  manifestDigest: z.string(),
  observedDigest: z.string(),
  changes: z.array(z.looseObject({ address: z.string(), kind: z.string(), action: z.string() })),
});

export async function readSavedPlan(path: string): Promise<Plan> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new SavedPlanError(`cannot read the saved plan ${path}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SavedPlanError(`${path} is not a saved plan: it is not JSON`);
  }
  const result = savedPlanSchema.safeParse(parsed);
  if (!result.success) {
    throw new SavedPlanError(`${path} is not a saved plan of formatVersion 1 (write one with \`plan --out\`)`);
  }
  return result.data as unknown as Plan;
}

/** Why a saved plan no longer fits the world, or undefined when it still does. */
export function whyStale(saved: Plan, fresh: { target: string; manifestDigest: string; observedDigest: string }): string | undefined {
  if (saved.target.replace(/\/+$/, '') !== fresh.target.replace(/\/+$/, '')) {
    return `saved plan is stale: it was made for ${saved.target}, not ${fresh.target}`;
  }
  if (saved.manifestDigest !== fresh.manifestDigest) {
    return `saved plan is stale: the manifest ${saved.manifest} changed since the plan was made; run plan again`;
  }
  if (saved.observedDigest !== fresh.observedDigest) {
    return "saved plan is stale: what the plan read from Portainer (users, keys, teams or environment access) changed since it was made; run plan again";
  }
  return undefined;
}
