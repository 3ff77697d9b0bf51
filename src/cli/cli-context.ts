// What every command gets from the entry point: streams, a logger factory, the clock.

import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { TerminalOutput } from './terminal-output.js';

export interface CliContext {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  clock: Clock;
  logger: () => Logger;
  /** The terminal's stderr, shared by the logger and the progress bar (absent in tests: no bar). */
  terminal?: TerminalOutput;
  /** Set by a command to report its exit code. */
  exitCode: number;
}
