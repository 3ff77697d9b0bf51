#!/usr/bin/env node
// Entry point for the `evidentia` command: runs the compiled CLI (npm run build writes dist/) in a Node that
// has Evidentia's V8 flags (dist/cli/node-flags.js), starting it again in place once when they are missing.
const { relaunchWithNodeFlags } = await import('../dist/cli/node-flags.js');
relaunchWithNodeFlags(process.argv[1]);
const { main } = await import('../dist/cli/main.js');
process.exitCode = await main(process.argv);
