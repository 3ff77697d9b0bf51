// `evidentia daemon --config <file>`: the scheduler and the HTTP service in one process until SIGTERM/SIGINT.
// `evidentia daemon --demo`: the same against the built-in demo organisation, with a one-time officer token.
// `evidentia daemon --new-token <role>`: make a token and print the configuration line holding its hash.

import type { Command } from 'commander';
import { EXIT, InputError } from '../../core/errors.js';
import { ROLES, type Role } from '../../daemon/config/daemon-config-schema.js';
import { DAEMON_ROLES, type DaemonRole, type DaemonSettings } from '../../daemon/config/daemon-settings.js';
import { loadDaemonConfig } from '../../daemon/config/load-daemon-config.js';
import { type DemoSetup, setUpDemoDaemon } from '../../daemon/demo-daemon.js';
import { hashToken, newToken } from '../../daemon/http/token-auth.js';
import { startDaemon } from '../../daemon/start-daemon.js';
import { untilSignal } from '../../daemon/until-signal.js';
import { checkWritableFolders } from '../check-folders.js';
import type { CliContext } from '../cli-context.js';

export interface DaemonFlags {
  config?: string;
  demo?: boolean;
  newToken?: string;
  name?: string;
  host?: string;
  port?: string;
  out: string;
  state: string;
  grace?: string;
  role?: string;
}

/** Register `daemon`. */
export function registerDaemonCommand(program: Command, ctx: CliContext): void {
  program
    .command('daemon')
    .description('run profiles on their schedules and serve the HTTP API and web page, until SIGTERM/SIGINT')
    .option('-c, --config <file>', 'daemon configuration file (YAML; see docs/daemon.md)')
    .option(
      '--demo',
      'serve the built-in demo organisation (AWS emulator in process) with a one-time officer token',
    )
    .option(
      '--new-token <role>',
      `make a bearer token for a role (${ROLES.join(', ')}) and print its configuration line`,
    )
    .option('--name <name>', 'with --new-token: who the token is for', 'officer')
    .option('--host <address>', 'address the HTTP service binds to (overrides the configuration)')
    .option('--port <n>', 'port of the HTTP service, 0 = any free port (overrides the configuration)')
    .option('-o, --out <dir>', 'with --demo: output root', 'output')
    .option(
      '--state <dir>',
      'with --demo: state folder (run database, trial key)',
      process.env.EVIDENTIA_STATE_DIR || '.evidentia',
    )
    .option('--grace <seconds>', 'on SIGTERM, let running collections finish this long before aborting them')
    .option(
      '--role <role>',
      `what this process does: ${DAEMON_ROLES.join(', ')} (web: API, page and schedules; worker: takes jobs of the work queue; other than all only with cluster.queue)`,
      'all',
    )
    .action(async (flags: DaemonFlags) => {
      const modes = [flags.config !== undefined, Boolean(flags.demo), flags.newToken !== undefined];
      if (modes.filter(Boolean).length !== 1) {
        throw InputError.forFile(
          'daemon',
          'give exactly one of --config <file>, --demo or --new-token <role>',
        );
      }
      if (flags.newToken !== undefined) {
        printNewToken(ctx, flags.newToken, flags.name ?? 'officer');
        return;
      }
      const role = parseRole(flags.role ?? 'all');
      if (flags.demo && role !== 'all') {
        throw InputError.forFile(
          '--role',
          `--demo runs everything in one process: expected all, got '${role}'`,
        );
      }
      const port = flags.port === undefined ? undefined : parsePort(flags.port);
      const graceMs = flags.grace === undefined ? undefined : parseGrace(flags.grace);
      const logger = ctx.logger();
      let demo: DemoSetup | undefined;
      let settings: DaemonSettings;
      if (flags.demo) {
        await checkWritableFolders([
          ['--out', flags.out],
          ['--state', flags.state],
        ]);
        demo = await setUpDemoDaemon({
          host: flags.host ?? '127.0.0.1',
          port: port ?? 8080,
          outDir: flags.out,
          stateDir: flags.state,
          graceMs: graceMs ?? 10_000,
          logger,
        });
        settings = demo.settings;
      } else {
        settings = await loadDaemonConfig(flags.config!);
        if (flags.host !== undefined) settings.http.host = flags.host;
        if (port !== undefined) settings.http.port = port;
        if (graceMs !== undefined) settings.graceMs = graceMs;
        settings.role = role;
        if (role !== 'all' && !settings.cluster?.queue) {
          throw InputError.forFile(
            '--role',
            `'${role}' needs a work queue shared with other processes: add cluster: { redis: …, queue: {} } to ${settings.source}`,
          );
        }
      }
      let daemon: Awaited<ReturnType<typeof startDaemon>> | undefined;
      const signals = untilSignal(() => {
        logger.warn('second signal: aborting running collections now');
        daemon?.abortNow();
      });
      try {
        daemon = await startDaemon({
          settings,
          clock: ctx.clock,
          logger,
          ...(demo ? { credentials: demo.credentials } : {}),
        });
        ctx.stdout.write(banner(settings, daemon.url, demo));
        const signal = await signals.stopped;
        logger.info({ signal, graceMs: settings.graceMs }, 'stopping: no new runs; running ones may finish');
        await daemon.stop();
      } finally {
        signals.release();
        await demo?.close();
      }
      ctx.stdout.write('Evidentia daemon stopped.\n');
      ctx.exitCode = EXIT.OK;
    });
}

function banner(settings: DaemonSettings, url: string | undefined, demo: DemoSetup | undefined): string {
  const open = url?.replace(/\/\/(0\.0\.0\.0|\[::\])(:\d+)$/, '//127.0.0.1$2');
  const lines = [
    demo
      ? `Evidentia daemon: demo organisation served by the AWS emulator at ${demo.emulatorUrl}`
      : `Evidentia daemon: configuration ${settings.source}`,
    `Profiles: ${settings.profiles.map((p) => (p.schedule ? `${p.profile.id} (${p.schedule.cron} ${p.schedule.timezone})` : `${p.profile.id} (on request)`)).join(', ')}`,
    `Output: ${settings.outDir}`,
  ];
  const role = settings.role ?? 'all';
  if (role !== 'all')
    lines.push(
      `Role: ${role}${role === 'worker' ? ' (takes jobs of the work queue)' : ' (API, page and schedules; jobs go to the work queue)'}`,
    );
  if (open)
    lines.push(role === 'worker' ? `Health: ${open}/healthz, ${open}/readyz` : `Web page and API: ${open}/`);
  if (demo) lines.push(`One-time officer token (valid until this process stops): ${demo.token}`);
  lines.push('Stop with Ctrl-C (SIGINT) or SIGTERM.', '');
  return lines.join('\n');
}

function printNewToken(ctx: CliContext, role: string, name: string): void {
  if (!(ROLES as readonly string[]).includes(role)) {
    throw InputError.forFile('--new-token', `expected a role (${ROLES.join(', ')}), got '${role}'`);
  }
  if (!/^[\w.@-]{1,64}$/.test(name)) {
    throw InputError.forFile('--name', 'expected a name of letters, digits, dots, dashes or @');
  }
  const token = newToken();
  ctx.stdout.write(
    [
      `Token for ${name} (${role as Role}); it is shown only this once, give it to its holder:`,
      `  ${token}`,
      'Add this entry under http.tokens in the daemon configuration (only the hash is stored):',
      `  - { name: ${name}, role: ${role}, sha256: ${hashToken(token)} }`,
      '',
    ].join('\n'),
  );
}

function parseRole(value: string): DaemonRole {
  if (!(DAEMON_ROLES as readonly string[]).includes(value)) {
    throw InputError.forFile('--role', `expected one of ${DAEMON_ROLES.join(', ')}, got '${value}'`);
  }
  return value as DaemonRole;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw InputError.forFile('--port', `expected a port number from 0 to 65535, got '${value}'`);
  }
  return port;
}

function parseGrace(value: string): number {
  const s = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || s > 3600) {
    throw InputError.forFile('--grace', `expected seconds from 0 to 3600, got '${value}'`);
  }
  return Math.round(s * 1000);
}
