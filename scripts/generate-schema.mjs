#!/usr/bin/env node
// Writes schemas/manifest.schema.json and schemas/fleet.schema.json from the zod schemas (run
// `npm run build` first; `npm run schema:generate` does both). The files are generated, never edited by hand.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fleetSchemaFileText } from '../dist/fleet/json-schema.js';
import { schemaFileText } from '../dist/manifest/json-schema.js';

for (const [name, text] of [['manifest.schema.json', schemaFileText()], ['fleet.schema.json', fleetSchemaFileText()]]) {
  const target = fileURLToPath(new URL(`../schemas/${name}`, import.meta.url));
  writeFileSync(target, text);
  process.stdout.write(`wrote ${target}\n`);
}
