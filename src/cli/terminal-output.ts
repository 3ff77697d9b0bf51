// One owner of the terminal's stderr while a command runs: log lines go straight out, except while a
// progress bar is drawn, when they wait and are written the moment the bar is cleared, so a log line
// never lands inside the bar and the run's summary (written after) comes last.

import { Writable } from 'node:stream';
import { pino } from 'pino';
import pinoPretty from 'pino-pretty';
import { type Logger, REDACT_PATHS } from '../core/logger.js';

/** The gate between log lines and the progress bar on one terminal stream. */
export class TerminalOutput {
  private held: string[] | null = null;

  constructor(readonly stream: NodeJS.WritableStream & { isTTY?: boolean }) {}

  /** Whether a bar can be drawn (the stream is a terminal). */
  get isTTY(): boolean {
    return Boolean(this.stream.isTTY);
  }

  /** Start holding log lines (a bar is about to be drawn). */
  hold(): void {
    this.held ??= [];
  }

  /** Stop holding: write every held line, in order. */
  release(): void {
    const lines = this.held ?? [];
    this.held = null;
    for (const l of lines) this.stream.write(l);
  }

  /** Write a log line now, or hold it while a bar is drawn. */
  write(line: string): void {
    if (this.held) this.held.push(line);
    else this.stream.write(line);
  }

  /** A writable for a logger's formatted output, through this gate. */
  writable(): Writable {
    return new Writable({
      write: (chunk: Buffer | string, _enc, done) => {
        this.write(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
        done();
      },
    });
  }
}

/**
 * The CLI's logger on a terminal: pino-pretty formatting in this thread (not a worker, whose lines would
 * arrive whenever they arrive) into the gate, so logs are ordered with the bar and the summary.
 */
export function terminalLogger(
  out: TerminalOutput,
  level = process.env.EVIDENTIA_LOG_LEVEL ?? 'info',
): Logger {
  const pretty = pinoPretty({
    colorize: true,
    ignore: 'pid,hostname',
    destination: out.writable(),
    sync: true,
  });
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, pretty);
}
