#!/usr/bin/env node
// Entry point for the `evidentia` command: runs the compiled CLI (npm run build writes dist/).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { main } = await import('../dist/cli/main.js');
process.exitCode = await main(process.argv);
