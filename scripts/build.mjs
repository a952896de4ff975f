// npm run build (run by `prepare`, so `npm install` builds it): bundles src/ with esbuild into
// dist/cli/, code-split. main.js holds the command line (commander and the flag table); each
// command, msw, each provider SDK and Ink/React are chunks loaded by the dynamic imports that
// already keep them off the start-up path (test/lazy-loading.test.ts checks both the source and
// this bundle). One file per chunk instead of the ~850 files node_modules has on that path:
// Node's per-file loader was most of start-up. Source maps (positions only) sit beside each chunk;
// bin/roundtable.js turns them on with ROUNDTABLE_DEBUG, the one time a stack trace is printed.
// Type checking is `npm run typecheck`; esbuild only strips types.
// Every chunk lands in dist/cli/, two levels below the package root, where src/<dir>/<file>.ts
// sat, so the `new URL('../../prompts/', import.meta.url)` lookups of package files still resolve
// (test/bundle.test.ts checks each one).
import { build } from 'esbuild';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'cli');
rmSync(join(root, 'dist'), { recursive: true, force: true });

// Ink reads its own package.json beside its build/ folder when DEV=true (for React devtools); in
// the bundle that file is not there, so its name and version are written in at build time.
const inkPackageJson = {
  name: 'ink-package-json',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]ink[\\/]build[\\/]reconciler\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const read = "fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')";
      if (!source.includes(read)) throw new Error(`ink/build/reconciler.js no longer reads its package.json as scripts/build.mjs expects (${read}): check the bundle under DEV=true`);
      const { name, version } = JSON.parse(readFileSync(join(args.path, '..', '..', 'package.json'), 'utf8'));
      return { contents: source.replace(read, JSON.stringify(JSON.stringify({ name, version }))), loader: 'js' };
    });
  },
};

const result = await build({
  absWorkingDir: root,
  entryPoints: { main: 'src/cli/main.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  jsx: 'automatic',
  sourcemap: 'linked',
  sourcesContent: false,
  metafile: true,
  logLevel: 'warning',
  plugins: [inkPackageJson],
  // Left to node_modules: the Redis queue (optional native parts), Ink's development-only
  // devtools hook (never installed), and the price catalogue, which src/cost/prices.ts requires
  // at its first look-up (after a debate's first requests are sent).
  external: ['bullmq', 'ioredis', 'react-devtools-core', '@pydantic/genai-prices'],
  // CommonJS packages inside an ES module bundle call require(); give each chunk a real one.
  banner: { js: "import { createRequire as __roundtableRequire } from 'node:module'; const require = __roundtableRequire(import.meta.url);" },
});
// Which sources each chunk holds (test/bundle.test.ts maps the chunks a command loads to packages).
writeFileSync(join(root, 'dist', 'meta.json'), JSON.stringify(result.metafile));
