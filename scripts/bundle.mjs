// The CLI as a few bundled files in dist/bundle/ (run by `npm run build` after tsc):
// one module graph instead of a hundred files, and zod without the 65 locale
// files it would otherwise load on every run. Commands stay separate chunks,
// loaded only by the command that needs them. The entry is start.cjs, one
// CommonJS file that answers --version and sends a plan's first requests
// before Node's ES module loader starts (src/cli/start.ts), then imports
// main.js. The library (dist/index.js) is not bundled.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

// Chunk names carry a hash: clear out the previous build's.
rmSync('dist/bundle', { recursive: true, force: true });

/**
 * zod's namespace re-exports all 65 of its locales (`z.locales`), which the
 * tool never uses (zod configures English by itself): bundled as they are,
 * they would be a third of what every run parses. Only English is kept.
 */
const englishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${'node_modules'}/zod/`) ? { path: 'zod-locales', namespace: 'zod-english-only' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, () => ({
      contents: "export { default as en } from 'zod/v4/locales/en.js';",
      resolveDir: process.cwd(),
      loader: 'js',
    }));
  },
};

await build({
  entryPoints: { main: 'dist/cli/main.js' },
  plugins: [englishOnly],
  // Whitespace and syntax only: names stay, so a --debug stack trace still reads.
  minifyWhitespace: true,
  minifySyntax: true,
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

/**
 * The CommonJS entry: one file, nothing split off; main.js (the CLI proper)
 * stays outside it, imported when the entry is done. A CommonJS file has no
 * `import.meta`: its URL is made from `__filename` (version.ts finds
 * package.json two folders up from it).
 */
await build({
  entryPoints: ['dist/cli/start.js'],
  outfile: 'dist/bundle/start.cjs',
  minifyWhitespace: true,
  minifySyntax: true,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['./main.js'],
  define: { 'import.meta.url': '__startUrl' },
  banner: { js: "const __startUrl = require('node:url').pathToFileURL(__filename).href;" },
  legalComments: 'none',
  logLevel: 'warning',
});
