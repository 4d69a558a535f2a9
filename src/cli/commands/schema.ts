import { writeOut } from '../output.js';
import type { GlobalOptions } from '../global-options.js';

/** Prints the manifest's JSON Schema (schemas/manifest.schema.json), or with --fleet the fleet file's (schemas/fleet.schema.json). */
export async function run(options: { fleet?: boolean }, _globals: GlobalOptions): Promise<number> {
  if (options.fleet) writeOut((await import('../../fleet/json-schema.js')).fleetSchemaFileText());
  else writeOut((await import('../../manifest/json-schema.js')).schemaFileText());
  return 0;
}
