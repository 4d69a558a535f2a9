import type { ManifestEdit, NotPatched, NotPatchedCode } from '../types.js';

/** What one plan change becomes: edits of the manifest, or the reason it is listed instead. */
export interface EditOutcome {
  edits: ManifestEdit[];
  notPatched: NotPatched[];
}

export function edited(...edits: ManifestEdit[]): EditOutcome {
  return { edits, notPatched: [] };
}

export function notPatched(address: string, code: NotPatchedCode): EditOutcome {
  return { edits: [], notPatched: [{ address, code }] };
}

/** Accepted by another edit already (a removed user takes its keys and memberships with it). */
export const ABSORBED: EditOutcome = { edits: [], notPatched: [] };
