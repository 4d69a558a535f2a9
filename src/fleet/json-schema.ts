import * as z from 'zod';
import { fleetSchema } from './schema.js';

/** The fleet file's JSON Schema (draft-07, the input side), for editors and `schema --fleet`. */
const fleetJsonSchema = (): object => z.toJSONSchema(fleetSchema, { target: 'draft-07', io: 'input', unrepresentable: 'any' });

/** The text of `schemas/fleet.schema.json`: 2-space JSON and a final newline. */
export function fleetSchemaFileText(): string {
  return `${JSON.stringify(fleetJsonSchema(), null, 2)}\n`;
}
