import * as z from 'zod';
import { manifestSchema } from './schema.js';

/**
 * The manifest's JSON Schema, for editors (yaml-language-server) and for the
 * `schema` command. Draft-07 is the draft editors support best; the input
 * side is published, so fields with defaults are optional, as users write them.
 */
export const manifestJsonSchema = (): object =>
  z.toJSONSchema(manifestSchema, { target: 'draft-07', io: 'input', unrepresentable: 'any' });

/** The text of `schemas/manifest.schema.json`: 2-space JSON and a final newline. */
export function schemaFileText(): string {
  return `${JSON.stringify(manifestJsonSchema(), null, 2)}\n`;
}
