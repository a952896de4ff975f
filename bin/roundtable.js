#!/usr/bin/env node
// The command-line entry: runs the compiled CLI (built by `npm install` through `prepare`).
// React's production build for the live screen (its development build costs several times the CPU);
// a NODE_ENV the user set is kept. Tests run the CLI in process and keep theirs.
process.env.NODE_ENV ??= 'production';
const { main } = await import('../dist/cli/main.js');

process.exitCode = await main(process.argv.slice(2));
