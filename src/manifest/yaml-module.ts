import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

const require = createRequire(import.meta.url);

/**
 * The `yaml` package, loaded on first use. It takes about 35 ms to load and a
 * clean manifest never needs it (see `plain-data.ts`): only a manifest with
 * something to report is read with it, for the positions.
 */
export function yamlModule(): typeof Yaml {
  return require('yaml') as typeof Yaml;
}
