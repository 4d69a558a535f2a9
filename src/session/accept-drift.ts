import { manifestTextOf, parseManifest, toDesiredState, type Manifest } from '../manifest/index.js';
import { patchManifest, type ManifestPatch } from '../patch/index.js';
import { makePlan } from '../plan/make-plan.js';
import type { PreparedPlan } from './prepared-plan.js';

/**
 * The drift of a prepared plan, accepted into its manifest: the patched text
 * and what was and was not accepted. Nothing is written; the patch is checked
 * by planning the patched text against the same observed server, with the
 * same context, as `plan` of that file would.
 */
export function acceptDrift(prepared: PreparedPlan): ManifestPatch {
  const { plan, desired, observed, loaded, context } = prepared;
  const facts = { plan, desired, observed, takenEnvNames: envNamesIn(loaded.manifest) };
  return patchManifest(manifestTextOf(loaded), facts, (text) => {
    const parsed = parseManifest(text, loaded.file);
    // Every edit keeps the manifest valid; a patched text that is not is a defect, never written.
    if (!parsed.manifest) throw new Error(`the patched manifest does not read back: ${parsed.issues[0]?.message ?? 'no reason given'}`);
    const patchedDesired = toDesiredState({ ...loaded, manifest: parsed.manifest });
    return { ...makePlan(patchedDesired, observed, context, plan), desired: patchedDesired };
  });
}

/** The environment variables the manifest's passwords name. */
function envNamesIn(manifest: Manifest): string[] {
  const refs = [manifest.admin?.password, ...manifest.users.map((user) => user.password)];
  return refs.flatMap((ref) => (typeof ref === 'object' && 'env' in ref ? [ref.env] : []));
}
