import { CORE_SCHEMA, load, mergeTag } from 'js-yaml';

/**
 * The quick way to read manifest text: js-yaml builds plain data about four
 * times faster than `yaml` builds its position-tracking document, which
 * matters for manifests with thousands of users. It is only a fast path: any
 * doubt (a YAML error, a tag it does not know, too many aliases) gives
 * `undefined`, and the caller then reads the text with `yaml`, which decides
 * and says where the problem is.
 *
 * The options match what `parse.ts` asks of `yaml`: the YAML 1.2 core schema
 * (so `2024-01-01` stays a string), merge keys (not in a fleet file, whose
 * `yaml` reading takes none), duplicate keys refused, one document. The alias
 * limit keeps "billion laughs" documents off this path.
 */
const schema = CORE_SCHEMA.withTags(mergeTag);

export function readPlainData(text: string, options: { mergeKeys?: boolean } = {}): unknown {
  try {
    return load(text, { schema: options.mergeKeys === false ? CORE_SCHEMA : schema, maxAliases: 100 });
  } catch {
    return undefined;
  }
}
