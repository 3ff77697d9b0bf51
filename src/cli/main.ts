// The `evidentia` command line: parses arguments, runs one command, returns the exit code.

import { Command, CommanderError } from 'commander';
import { systemClock } from '../core/clock.js';
import { EXIT } from '../core/errors.js';
import { createLogger, type Logger } from '../core/logger.js';
import { toolVersion } from '../core/version.js';
import type { CliContext } from './cli-context.js';
import { handleError } from './handle-error.js';
import { TerminalOutput, terminalLogger } from './terminal-output.js';

type Register = (program: Command, ctx: CliContext) => void;

/** Every command, loaded on demand: a command's module (and what it imports) is read only when it runs. */
const COMMANDS: Record<string, () => Promise<Register>> = {
  frameworks: async () => (await import('./commands/frameworks.js')).registerFrameworksCommand,
  collect: async () => (await import('./commands/collect.js')).registerCollectCommand,
  render: async () => (await import('./commands/render.js')).registerRenderCommand,
  demo: async () => (await import('./commands/demo.js')).registerDemoCommand,
  emulator: async () => (await import('./commands/emulator.js')).registerEmulatorCommand,
  attest: async () => (await import('./commands/attest.js')).registerAttestCommand,
  verify: async () => (await import('./commands/verify.js')).registerVerifyCommand,
  keys: async () => (await import('./commands/keys.js')).registerKeysCommand,
  daemon: async () => (await import('./commands/daemon.js')).registerDaemonCommand,
  runs: async () => (await import('./commands/runs.js')).registerRunsCommand,
  packs: async () => (await import('./commands/packs.js')).registerPacksCommand,
};

/** Run the CLI with `argv` (as in process.argv) and resolve with the exit code. */
export async function main(
  argv: string[],
  io: Partial<Pick<CliContext, 'stdout' | 'stderr'>> = {},
): Promise<number> {
  let logger: Logger | undefined;
  const stderr = io.stderr ?? process.stderr;
  // On a terminal, logs and the progress bar share stderr through one gate; elsewhere logs are JSON lines.
  const terminal = (stderr as { isTTY?: boolean }).isTTY ? new TerminalOutput(stderr) : undefined;
  const ctx: CliContext = {
    stdout: io.stdout ?? process.stdout,
    stderr,
    clock: systemClock,
    logger: () => {
      logger ??= terminal ? terminalLogger(terminal) : createLogger({ pretty: false });
      return logger;
    },
    exitCode: EXIT.OK,
    ...(terminal ? { terminal } : {}),
  };
  const program = new Command('evidentia')
    .description(
      'Compliance evidence from AWS, evaluated against HIPAA, PCI DSS, GDPR and ISO/IEC 27001, packaged for auditors.',
    )
    .version(toolVersion())
    .exitOverride()
    .configureOutput({ writeOut: (s) => ctx.stdout.write(s), writeErr: (s) => ctx.stderr.write(s) })
    .showHelpAfterError();
  // Only the named command is loaded; help, --version and typos load them all (for the list and suggestions).
  const named = argv[2] !== undefined ? COMMANDS[argv[2]] : undefined;
  for (const load of named ? [named] : Object.values(COMMANDS)) (await load())(program, ctx);

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
