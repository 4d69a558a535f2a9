/** The manifest layer: YAML text -> a checked Manifest, its secrets, and the desired state. */
import { parseManifestText } from './parse.js';
import type { ManifestIssue } from './issues.js';
import type { Manifest } from './schema.js';

export { formatIssue, issueLine, ManifestError, type ManifestIssue } from './issues.js';
export { manifestSchema, type Manifest } from './schema.js';
export { resolveSecret, SecretError, type SecretRef } from './resolve-secret.js';
export { checkManifest, findSecretProblems, loadManifest, manifestTextOf, passwordFor, positionIn, secretDirOf, type LoadedManifest, type LoadOptions, type ManifestCheck, type ManifestLayer } from './load.js';
export { ManifestCache } from './read-file.js';
export { toDesiredState } from './desired/to-desired.js';
export { manifestJsonSchema, schemaFileText } from './json-schema.js';
export { parseDuration } from './duration.js';

/** Parses and checks manifest text; pure, never throws. `manifest` is absent when there are errors. */
export function parseManifest(text: string, file: string): { manifest?: Manifest; issues: ManifestIssue[] } {
  const { manifest, issues } = parseManifestText(text, file);
  return manifest ? { manifest, issues } : { issues };
}
