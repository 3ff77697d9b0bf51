// `evidentia emulator --world <file|demo> --port <n>`: serve the wire-level AWS emulator until SIGINT/SIGTERM,
// printing the endpoint and the caller's credentials as shell `export` lines.

import type { Command } from 'commander';
import { InputError } from '../../core/errors.js';
import { createLogger } from '../../core/logger.js';
import { loadWorld, type RequestLogEntry, startEmulator } from '../../emulator/index.js';
import type { CliContext } from '../cli-context.js';

/** Default port of `evidentia emulator`. */
export const DEFAULT_EMULATOR_PORT = 4580;

interface EmulatorFlags {
  world: string;
  port: string;
  host: string;
  verbose?: boolean;
}

/** Register `emulator`. Without a context it writes to the process streams. */
export function registerEmulatorCommand(program: Command, ctx?: CliContext): void {
  program
    .command('emulator')
    .description('run the local AWS emulator (STS, Organizations, Config) for the demo and for experiments')
    .option('-w, --world <file|demo>', "world file (YAML or JSON), 'demo', or 'synthetic:<accounts>'", 'demo')
    .option('--port <n>', 'port to listen on (0 = any free port)', String(DEFAULT_EMULATOR_PORT))
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('-v, --verbose', 'print one line per request on stderr')
    .action(async (flags: EmulatorFlags) => {
      const stdout = ctx?.stdout ?? process.stdout;
      const stderr = ctx?.stderr ?? process.stderr;
      const port = Number(flags.port);
      if (!/^\d+$/.test(flags.port) || port > 65535) {
        throw InputError.forFile('--port', `expected a port number from 0 to 65535, got '${flags.port}'`);
      }
      const world = await loadWorld(flags.world);
      const emulator = await startEmulator({
        world,
        host: flags.host,
        port,
        logger: ctx?.logger() ?? createLogger(),
        ...(ctx?.clock ? { clock: ctx.clock } : {}),
        ...(flags.verbose ? { onRequest: (e: RequestLogEntry) => stderr.write(`${requestLine(e)}\n`) } : {}),
      });
      const { accessKeyId, secretAccessKey, accountId } = emulator.credentials;
      stdout.write(
        [
          `# Evidentia AWS emulator: world '${world.name ?? flags.world}', management account ${accountId}`,
          `# listening on ${emulator.url} (Ctrl-C to stop)`,
          `export AWS_ACCESS_KEY_ID=${accessKeyId}`,
          `export AWS_SECRET_ACCESS_KEY=${secretAccessKey}`,
          `export AWS_ENDPOINT_URL=${emulator.url}`,
          `export AWS_REGION=${world.regions[0]}`,
          '',
        ].join('\n'),
      );
      await untilStopped();
      await emulator.close();
      stderr.write('emulator stopped\n');
    });
}

function requestLine(e: RequestLogEntry): string {
  const what = `${e.service}.${e.operation || '?'}`;
  return `${e.time} ${e.status || 'reset'} ${what} account=${e.accountId || '-'} region=${e.region || '-'}${e.errorCode ? ` ${e.errorCode}` : ''}`;
}

function untilStopped(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
