/**
 * The table of every manifest key in docs/manifest.md, made from the
 * manifest's JSON Schema (itself generated from the zod schema and its
 * descriptions): one row per key path, with its type, default and
 * description. A definition used in two places (a password, an API key) is
 * listed under each, so a reader finds every path a manifest can hold.
 */

interface JsonSchema {
  $ref?: string;
  allOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  type?: string;
  const?: unknown;
  enum?: unknown[];
  default?: unknown;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  definitions?: Record<string, JsonSchema>;
}

export interface KeyRow {
  path: string;
  /** Markdown: `string`, `` `admin` or `standard` ``. */
  type: string;
  /** Markdown: `` `false` ``, `required`, or empty. */
  default: string;
  description: string;
}

export const BEGIN = '<!-- BEGIN GENERATED: manifest keys -->';
export const END = '<!-- END GENERATED: manifest keys -->';

/** Every key path of the manifest with what the schema says of it, in the schema's order. */
export function manifestKeyRows(root: JsonSchema): KeyRow[] {
  const definitions = root.definitions ?? {};
  const resolve = (schema: JsonSchema): JsonSchema => {
    const reference = schema.$ref ?? (schema.allOf?.length === 1 ? schema.allOf[0]?.$ref : undefined);
    if (!reference) return schema;
    const target = definitions[reference.replace('#/definitions/', '')];
    if (!target) throw new Error(`the schema refers to ${reference}, which it does not define`);
    return resolve(target);
  };
  const rows: KeyRow[] = [];
  const visitProperties = (prefix: string, schema: JsonSchema) => {
    for (const [key, property] of Object.entries(schema.properties ?? {})) {
      const path = prefix === '' ? key : `${prefix}.${key}`;
      const resolved = resolve(property);
      const required = schema.required?.includes(key) === true;
      rows.push({
        path,
        type: typeOf(resolved, resolve),
        default: 'default' in property ? `\`${JSON.stringify(property.default)}\`` : required ? 'required' : '',
        description: property.description ?? resolved.description ?? '',
      });
      visitChildren(path, resolved);
    }
  };
  const visitChildren = (path: string, schema: JsonSchema) => {
    if (schema.properties) visitProperties(path, schema);
    if (schema.items) visitChildren(`${path}[]`, resolve(schema.items));
    for (const alternative of schema.anyOf ?? []) visitChildren(path, resolve(alternative));
  };
  visitProperties('', root);
  return rows;
}

/** What a value is, in a reader's words: `string`, `list`, `admin \| standard`, `string or { env }`. */
function typeOf(schema: JsonSchema, resolve: (schema: JsonSchema) => JsonSchema): string {
  if (schema.const !== undefined) return `\`${JSON.stringify(schema.const)}\``;
  if (schema.enum) return schema.enum.map((value) => `\`${String(value)}\``).join(' or ');
  if (schema.anyOf) return [...new Set(schema.anyOf.map((alternative) => typeOf(resolve(alternative), resolve)))].join(' or ');
  if (schema.type === 'array') return schema.items ? `list of ${typeOf(resolve(schema.items), resolve)}` : 'list';
  if (schema.type === 'object') return `\`{ ${Object.keys(schema.properties ?? {}).join(', ')} }\``;
  if (schema.type === 'integer') return 'whole number';
  return schema.type ?? 'any';
}

/** The generated block, markers included, as it stands in docs/manifest.md. */
export function manifestKeysTable(root: JsonSchema): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = manifestKeyRows(root).map((row) => `| \`${row.path}\` | ${cell(row.type)} | ${cell(row.default)} | ${cell(row.description)} |`);
  return [BEGIN, '| key | type | default | description |', '| --- | --- | --- | --- |', ...lines, END].join('\n');
}
