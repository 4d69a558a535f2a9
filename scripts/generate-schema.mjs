#!/usr/bin/env node
// Writes schemas/manifest.schema.json from the zod schema (run `npm run build` first;
// `npm run schema:generate` does both). The file is generated, never edited by hand.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { schemaFileText } from '../dist/manifest/json-schema.js';

const target = fileURLToPath(new URL('../schemas/manifest.schema.json', import.meta.url));
writeFileSync(target, schemaFileText());
process.stdout.write(`wrote ${target}\n`);
