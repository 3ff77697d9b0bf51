// `evidentia demo`: the whole job against the built-in demo organisation — the emulator is started in
// process, every built-in profile is collected, evaluated and reported, and the results land in output/.

import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { TRIAL_KEY_FILE, trialKeyDirOf } from '../../bundle/signers/trial-signer.js';
import { builtInProfileNames, loadCatalog, loadProfile } from '../../catalog/index.js';
import { EXIT } from '../../core/errors.js';
import { demoWorld, startEmulator } from '../../emulator/index.js';
import { preflightSigner } from '../../pipeline/preflight-signer.js';
import { recoverAbandonedRuns } from '../../pipeline/recover-runs.js';
import { runProfile } from '../../pipeline/run-profile.js';
import { checkWritableFolders } from '../check-folders.js';
import type { CliContext } from '../cli-context.js';
import { terminalProgress } from '../progress-bar.js';
import { openCliRunHistory, stateOption } from '../run-history.js';
import { runSummary } from '../run-summary.js';

/** Register `demo`. */
export function registerDemoCommand(program: Command, ctx: CliContext): void {
  program
    .command('demo')
    .description('run every built-in profile against the built-in demo organisation (no AWS account needed)')
    .option('-o, --out <dir>', 'output root', 'output')
    .option('-p, --profile <names...>', 'only these built-in profiles')
    .option(...stateOption())
    .action(async (flags: { out: string; profile?: string[]; state: string }) => {
      await checkWritableFolders([
        ['--out', flags.out],
        ['--state', flags.state],
      ]);
      const catalog = await loadCatalog();
      const names = flags.profile ?? (await builtInProfileNames());
      const profiles = [];
      for (const name of names) profiles.push(await loadProfile(name, catalog));
      const signers = new Map<string, Awaited<ReturnType<typeof preflightSigner>>>();
      const trialKeyDir = trialKeyDirOf(flags.state);
      for (const p of profiles)
        signers.set(p.id, await preflightSigner(p, ctx.clock, process.env, trialKeyDir));
      const emulator = await startEmulator({ world: demoWorld() });
      const { accessKeyId, secretAccessKey } = emulator.credentials;
      ctx.stdout.write(`Demo organisation served by the AWS emulator at ${emulator.url}\n\n`);
      const store = await openCliRunHistory(flags.state);
      await recoverAbandonedRuns({ store, clock: ctx.clock, logger: ctx.logger() });
      let failed = 0;
      try {
        for (const profile of profiles) {
          const bar = terminalProgress(profile.id, ctx.terminal);
          const outcome = await runProfile({
            profile,
            catalog,
            outDir: flags.out,
            clock: ctx.clock,
            logger: ctx.logger(),
            endpoint: emulator.url,
            store,
            credentials: async () => ({ accessKeyId, secretAccessKey }),
            onProgress: bar.update,
            ...(signers.get(profile.id) ? { signer: signers.get(profile.id)! } : {}),
            trialKeyDir,
          });
          bar.stop();
          if (outcome.status !== 'completed' || !outcome.results) {
            failed += 1;
            ctx.stderr.write(
              `error: ${profile.id} run did not complete: ${outcome.error?.message ?? outcome.status}\n`,
            );
            continue;
          }
          ctx.stdout.write(runSummary(outcome.results, outcome.dir));
          ctx.stdout.write(
            `Report: ${relative(process.cwd(), join(outcome.dir, 'reports', 'report.html'))}\n`,
          );
          if (outcome.archive) {
            const archive = relative(process.cwd(), outcome.archive);
            // verify exits 0 only for a signer verified against a trust anchor: for the trial key, its certificate.
            const trial = (signers.get(profile.id)?.kind ?? 'trial') === 'trial';
            const anchor = trial ? 'trial-cert.pem' : '<your signing certificate or its CA>';
            const extract = !trial
              ? ''
              : `openssl x509 -in ${relative(process.cwd(), join(trialKeyDir, TRIAL_KEY_FILE)) || TRIAL_KEY_FILE} -out trial-cert.pem && `;
            ctx.stdout.write(
              `Signed bundle: ${archive}\n  check it: ${extract}node bin/evidentia.js verify ${archive} --trust ${anchor}\n`,
            );
          }
          ctx.stdout.write('\n');
        }
      } finally {
        await store.close();
        await emulator.close();
      }
      ctx.exitCode = failed ? EXIT.INCOMPLETE : EXIT.OK;
    });
}
