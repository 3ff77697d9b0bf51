// The V8 flags every Evidentia process runs with, and the one step that applies them: `bin/evidentia.js`
// starts Node again in place (execve, same pid) when they are missing. A flag that sizes the heap can only be
// given at start-up, and `node bin/evidentia.js` ignores any flags on the shebang line.

import { spawnSync } from 'node:child_process';

/**
 * The flags, each `--name=value`. V8 lets its young generation grow to two 64 MiB semi-spaces while a run
 * collects and renders; at 16 MiB each a 100-account run peaked 70–90 MiB lower (414–461 against 494–524 MiB)
 * for the same CPU time (29–31 s either way), measured side by side (docs/benchmarks.md).
 */
export const NODE_FLAGS: readonly string[] = ['--max-semi-space-size=16'];

/** `--max-semi-space-size=16` → `max-semi-space-size`; V8 reads `_` and `-` alike. */
function flagName(arg: string): string {
  return arg.replace(/^--/, '').split('=')[0]!.replaceAll('_', '-');
}

/**
 * The flags of NODE_FLAGS that neither the command line (`execArgv`) nor NODE_OPTIONS names: a value the user
 * set is theirs, and is never overridden.
 */
export function missingNodeFlags(execArgv: readonly string[], nodeOptions = ''): string[] {
  const given = new Set(
    [...execArgv, ...nodeOptions.split(/\s+/)].filter((a) => a.startsWith('--')).map(flagName),
  );
  return NODE_FLAGS.filter((f) => !given.has(flagName(f)));
}

/**
 * Start this script again with the missing flags, or return when none is missing. On Unix the process is
 * replaced (same pid, signals and exit code unchanged); where `process.execve` does not exist (Windows) the
 * script runs in a child and this process leaves with its exit code.
 */
export function relaunchWithNodeFlags(script: string): void {
  const missing = missingNodeFlags(process.execArgv, process.env.NODE_OPTIONS);
  if (missing.length === 0) return;
  const args = [...missing, ...process.execArgv, script, ...process.argv.slice(2)];
  if (typeof process.execve === 'function') {
    process.execve(process.execPath, [process.execPath, ...args], process.env);
  }
  const child = spawnSync(process.execPath, args, { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}
