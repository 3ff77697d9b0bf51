// A CLI context whose output is kept in strings, for running commands in process.

import type { CliContext } from '../../../src/cli/cli-context.js';
import { fixedClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { capture } from '../../support/capture-stream.js';

/** A context writing into `out` and `err`. */
export function captureCli(): { ctx: CliContext; out: () => string; err: () => string } {
  const stdout = capture();
  const stderr = capture();
  const ctx: CliContext = {
    stdout,
    stderr,
    clock: fixedClock('2026-11-29T00:00:00Z'),
    logger: () => silentLogger(),
    exitCode: 0,
  };
  return { ctx, out: stdout.text, err: stderr.text };
}
