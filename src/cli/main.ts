import { main } from './run.js';
import { packageVersion } from './version.js';

/** The CLI proper, as ES modules, loaded by `start.ts`; run.ts is the only place that ends the process. */
void main(process.argv, packageVersion);
