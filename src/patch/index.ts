/** Accepting drift: the manifest edited, on its YAML document, to say what the server has. Pure. */
export { editsForDrift } from './edits/drift-edits.js';
export type { DriftFacts } from './edits/edit-context.js';
export { editManifestText, type TeamFacts } from './yaml/edit-manifest.js';
export { patchManifest, type Replan } from './manifest-patch.js';
export type { ManifestEdit, ManifestEditKind, ManifestPatch, NotPatched, NotPatchedCode } from './types.js';
