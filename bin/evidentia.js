#!/usr/bin/env node
// Entry point for the `evidentia` command: runs the compiled CLI (npm run build writes dist/).
const { main } = await import('../dist/cli/main.js');
process.exitCode = await main(process.argv);
