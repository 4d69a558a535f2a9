// The CLI as a few bundled files in dist/bundle/ (run by `npm run build` after tsc):
// one module graph instead of a hundred files, and zod without the 65 locale
// files it would otherwise load on every run. Commands stay separate chunks,
// loaded only by the command that needs them. The library (dist/index.js) is
// not bundled.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

// Chunk names carry a hash: clear out the previous build's.
rmSync('dist/bundle', { recursive: true, force: true });

await build({
  entryPoints: { main: 'dist/cli/main.js' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // commander is CommonJS and calls require(); an ES module has none of its own.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
});
