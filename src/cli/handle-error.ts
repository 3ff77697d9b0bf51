// Map any error to one clear message on stderr and a documented exit code.

import { EvidentiaError, EXIT, type ExitCode, formatIssue, InputError } from '../core/errors.js';

/** Print the error for a human and return the exit code. */
export function handleError(err: unknown, stderr: NodeJS.WritableStream = process.stderr): ExitCode {
  if (err instanceof InputError) {
    if (err.issues.length > 1) stderr.write(`error: ${err.message}\n`);
    for (const issue of err.issues) stderr.write(`${formatIssue(issue)}\n`);
    return EXIT.BAD_INPUT;
  }
  if (err instanceof EvidentiaError) {
    stderr.write(`error [${err.code}]: ${err.message}\n`);
    return err.exitCode;
  }
  const e = err as { code?: string; message?: string };
  if (e?.code === 'commander.invalidArgument' || e?.code === 'commander.unknownOption') return EXIT.BAD_INPUT;
  stderr.write(`error: ${e?.message ?? String(err)}\n`);
  return EXIT.INCOMPLETE;
}
