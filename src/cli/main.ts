import { isVersionOnly, packageVersion } from './version.js';

/**
 * The entry point. `--version` alone is answered here, before anything else
 * is loaded (what commander would print: the version and a newline, exit 0);
 * everything else goes to run.ts, the only place that ends the process.
 */
if (isVersionOnly(process.argv.slice(2))) process.stdout.write(`${packageVersion()}\n`);
else void import('./run.js').then(({ main }) => main(process.argv, packageVersion));
