// Structured logs with pino: human-readable on a terminal, JSON otherwise; secrets redacted by path.

import { type Logger, pino } from 'pino';

export type { Logger };

/** Field paths that may hold secrets; pino replaces their values before anything is written. */
export const REDACT_PATHS = [
  '*.accessKeyId',
  '*.secretAccessKey',
  '*.sessionToken',
  '*.SecretAccessKey',
  '*.SessionToken',
  '*.AccessKeyId',
  '*.credentials',
  '*.Credentials',
  '*.token',
  '*.authorization',
  '*.Authorization',
  '*.passphrase',
  '*.password',
  'headers.authorization',
  'req.headers.authorization',
];

export interface LoggerOptions {
  level?: string;
  /** Force pretty (true) or JSON (false); default: pretty when stderr is a TTY. */
  pretty?: boolean;
  /** Where to write; default stderr. */
  destination?: NodeJS.WritableStream;
}

/** Create the process logger. Only the CLI and daemon entry points call this. */
export function createLogger(opts: LoggerOptions = {}): Logger {
  const level = opts.level ?? process.env.EVIDENTIA_LOG_LEVEL ?? 'info';
  const pretty = opts.pretty ?? Boolean(process.stderr.isTTY);
  const base = { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
  if (pretty) {
    return pino({
      ...base,
      transport: {
        target: 'pino-pretty',
        options: { destination: 2, colorize: true, ignore: 'pid,hostname' },
      },
    });
  }
  return pino(base, (opts.destination as pino.DestinationStream | undefined) ?? pino.destination(2));
}

/** A logger that writes nothing, for tests and library use. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
