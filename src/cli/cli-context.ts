// What every command gets from the entry point: streams, a logger factory, the clock.

import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';

export interface CliContext {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  clock: Clock;
  logger: () => Logger;
  /** Set by a command to report its exit code. */
  exitCode: number;
}
