// The `evidentia` command line: parses arguments, runs one command, returns the exit code.

import { Command, CommanderError } from 'commander';
import { systemClock } from '../core/clock.js';
import { EXIT } from '../core/errors.js';
import { createLogger, type Logger } from '../core/logger.js';
import { toolVersion } from '../core/version.js';
import type { CliContext } from './cli-context.js';
import { registerAttestCommand } from './commands/attest.js';
import { registerCollectCommand } from './commands/collect.js';
import { registerDaemonCommand } from './commands/daemon.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerEmulatorCommand } from './commands/emulator.js';
import { registerFrameworksCommand } from './commands/frameworks.js';
import { registerKeysCommand } from './commands/keys.js';
import { registerRenderCommand } from './commands/render.js';
import { registerRunsCommand } from './commands/runs.js';
import { registerVerifyCommand } from './commands/verify.js';
import { handleError } from './handle-error.js';

/** Run the CLI with `argv` (as in process.argv) and resolve with the exit code. */
export async function main(
  argv: string[],
  io: Partial<Pick<CliContext, 'stdout' | 'stderr'>> = {},
): Promise<number> {
  let logger: Logger | undefined;
  const ctx: CliContext = {
    stdout: io.stdout ?? process.stdout,
    stderr: io.stderr ?? process.stderr,
    clock: systemClock,
    logger: () => {
      logger ??= createLogger();
      return logger;
    },
    exitCode: EXIT.OK,
  };
  const program = new Command('evidentia')
    .description(
      'Compliance evidence from AWS, evaluated against HIPAA, PCI DSS, GDPR and ISO/IEC 27001, packaged for auditors.',
    )
    .version(toolVersion())
    .exitOverride()
    .configureOutput({ writeOut: (s) => ctx.stdout.write(s), writeErr: (s) => ctx.stderr.write(s) })
    .showHelpAfterError();
  registerFrameworksCommand(program, ctx);
  registerCollectCommand(program, ctx);
  registerRenderCommand(program, ctx);
  registerDemoCommand(program, ctx);
  registerEmulatorCommand(program, ctx);
  registerAttestCommand(program, ctx);
  registerVerifyCommand(program, ctx);
  registerKeysCommand(program, ctx);
  registerDaemonCommand(program, ctx);
  registerRunsCommand(program, ctx);

  try {
    await program.parseAsync(argv);
    return ctx.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return EXIT.OK;
      return EXIT.BAD_INPUT;
    }
    return handleError(err, ctx.stderr);
  } finally {
    logger?.flush();
  }
}
