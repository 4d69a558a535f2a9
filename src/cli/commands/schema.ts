import { schemaFileText } from '../../manifest/json-schema.js';
import { writeOut } from '../output.js';
import type { GlobalOptions } from '../global-options.js';

/** Prints the manifest's JSON Schema, the same text as schemas/manifest.schema.json. */
export async function run(_options: Record<string, unknown>, _globals: GlobalOptions): Promise<number> {
  writeOut(schemaFileText());
  return 0;
}
