// `evidentia collect --profile <file|name>`: run one profile against AWS (or an endpoint such as the emulator).

import type { Command } from 'commander';
import { trialKeyDirOf } from '../../bundle/signers/trial-signer.js';
import { loadCatalog, loadProfile } from '../../catalog/index.js';
import { EXIT, InputError } from '../../core/errors.js';
import { preflightSigner } from '../../pipeline/preflight-signer.js';
import { recoverAbandonedRuns } from '../../pipeline/recover-runs.js';
import { runProfile } from '../../pipeline/run-profile.js';
import { checkWritableFolders } from '../check-folders.js';
import type { CliContext } from '../cli-context.js';
import { terminalProgress } from '../progress-bar.js';
import { openCliRunHistory, stateOption } from '../run-history.js';
import { runSummary } from '../run-summary.js';

export interface CollectFlags {
  profile: string;
  endpoint?: string;
  out: string;
  failOn?: string;
  state: string;
}

/** Register `collect`. */
export function registerCollectCommand(program: Command, ctx: CliContext): void {
  program
    .command('collect')
    .description('collect evidence for a profile, evaluate it and write the results')
    .requiredOption(
      '-p, --profile <file|name>',
      'profile file, or the name of a built-in profile (healthcare, financial, nonprofit, retail)',
    )
    .option(
      '--endpoint <url>',
      'send every AWS call to this endpoint (e.g. the emulator); otherwise AWS_ENDPOINT_URL_* and the SDK defaults apply',
    )
    .option('-o, --out <dir>', 'output root; the run is written to <dir>/<profile>/<run-id>/', 'output')
    .option('--fail-on <level>', "exit 1 when the run completed with failing controls ('fail')")
    .option(...stateOption())
    .action(async (flags: CollectFlags) => {
      if (flags.failOn !== undefined && flags.failOn !== 'fail') {
        throw InputError.forFile('--fail-on', `expected 'fail', got '${flags.failOn}'`);
      }
      if (flags.endpoint !== undefined && !/^https?:\/\/[^\s]+$/.test(flags.endpoint)) {
        throw InputError.forFile('--endpoint', `expected an http(s) URL, got '${flags.endpoint}'`);
      }
      await checkWritableFolders([
        ['--out', flags.out],
        ['--state', flags.state],
      ]);
      const catalog = await loadCatalog();
      const profile = await loadProfile(flags.profile, catalog);
      const trialKeyDir = trialKeyDirOf(flags.state);
      const signer = await preflightSigner(profile, ctx.clock, process.env, trialKeyDir);
      const store = openCliRunHistory(flags.state);
      await recoverAbandonedRuns({ store, clock: ctx.clock, logger: ctx.logger() });
      const bar = terminalProgress(profile.id);
      const outcome = await runProfile({
        profile,
        catalog,
        outDir: flags.out,
        clock: ctx.clock,
        logger: ctx.logger(),
        store,
        ...(flags.endpoint ? { endpoint: flags.endpoint } : {}),
        ...(signer ? { signer } : {}),
        trialKeyDir,
        onProgress: bar.update,
      }).finally(() => {
        bar.stop();
        return store.close();
      });
      if (outcome.status !== 'completed' || !outcome.results) {
        ctx.stderr.write(
          `error: run ${outcome.runId} did not complete: ${outcome.error?.message ?? outcome.status}\n`,
        );
        ctx.exitCode = EXIT.INCOMPLETE;
        return;
      }
      ctx.stdout.write(runSummary(outcome.results, outcome.dir));
      const failing = outcome.results.frameworks.some((f) => f.counts.FAIL > 0);
      ctx.exitCode = flags.failOn === 'fail' && failing ? EXIT.FAILING : EXIT.OK;
    });
}
