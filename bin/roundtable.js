#!/usr/bin/env node
// The command-line entry: runs the bundled CLI (dist/, built by `npm install` through `prepare`).
// React's production build for the live screen (its development build costs several times the CPU);
// a NODE_ENV the user set is kept. Tests run the CLI in process and keep theirs.
process.env.NODE_ENV ??= 'production';
// ROUNDTABLE_DEBUG prints the stack of an unexpected failure: through the bundle's source maps it
// names src/ files and lines. Off otherwise (reading the maps costs start-up).
if (process.env.ROUNDTABLE_DEBUG) process.setSourceMapsEnabled(true);
const { main } = await import('../dist/cli/main.js');

process.exitCode = await main(process.argv.slice(2));
