// `evidentia collect --profile <file|name>`: run one profile against AWS (or an endpoint such as the emulator).

import type { Command } from 'commander';
import { trialKeyDirOf } from '../../bundle/signers/trial-signer.js';
import { loadCatalog, loadProfile } from '../../catalog/index.js';
import { EXIT, InputError } from '../../core/errors.js';
import type { FrameworkResult } from '../../core/finding.js';
import { isMet, STATUSES, type Status } from '../../core/status.js';
import { describeDelivery } from '../../deliver/package-store.js';
import { describeSecurityHubImport } from '../../deliver/securityhub/describe-import.js';
import { accountReach, noAccountRead } from '../../evaluate/index.js';
import { preflightSigner } from '../../pipeline/preflight-signer.js';
import { recoverAbandonedRuns } from '../../pipeline/recover-runs.js';
import { runProfile } from '../../pipeline/run-profile.js';
import { checkWritableFolders } from '../check-folders.js';
import type { CliContext } from '../cli-context.js';
import { terminalProgress } from '../progress-bar.js';
import { openCliRunHistory, stateOption } from '../run-history.js';
import { runSummary } from '../run-summary.js';

/** What `--fail-on` turns into exit code 1. */
export const FAIL_ON_LEVELS = ['fail', 'error', 'unproven'] as const;
export type FailOn = (typeof FAIL_ON_LEVELS)[number];

/** The control verdicts each level treats as failing the pipeline. */
const FAILING_AT: Record<FailOn, (s: Status) => boolean> = {
  fail: (s) => s === 'FAIL',
  error: (s) => s === 'FAIL' || s === 'ERROR',
  // Anything not shown to be met: FAIL, ERROR, NOT_EVALUATED, MANUAL. NOT_APPLICABLE is declared, not unproven.
  unproven: (s) => !isMet(s) && s !== 'NOT_APPLICABLE',
};

/** Whether any control of the run is at or past the `--fail-on` level. */
export function failsAt(level: FailOn, frameworks: readonly Pick<FrameworkResult, 'counts'>[]): boolean {
  return frameworks.some((f) => STATUSES.some((s) => FAILING_AT[level](s) && f.counts[s] > 0));
}

export interface CollectFlags {
  profile: string;
  endpoint?: string;
  out: string;
  failOn?: string;
  state: string;
  toSecurityHub?: boolean;
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
    .option(
      '--fail-on <level>',
      "exit 1 when a control is: 'fail' FAIL; 'error' FAIL or ERROR; 'unproven' anything not met (FAIL, ERROR, NOT_EVALUATED, MANUAL). A run that could read no account exits 3 whatever this says",
    )
    .option(
      '--to-security-hub',
      "after the package is sealed, import its control verdicts (reports/findings.asff.json) into AWS Security Hub: the profile's Security Hub administrator in its aggregation region, else the caller's account in the first region. Exit 5 when some could not be imported (the run itself completed)",
    )
    .option(...stateOption())
    .action(async (flags: CollectFlags) => {
      const failOn = flags.failOn as FailOn | undefined;
      if (failOn !== undefined && !FAIL_ON_LEVELS.includes(failOn)) {
        throw InputError.forFile(
          '--fail-on',
          `expected one of ${FAIL_ON_LEVELS.join(', ')}, got '${flags.failOn}'`,
        );
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
      const store = await openCliRunHistory(flags.state);
      await recoverAbandonedRuns({ store, clock: ctx.clock, logger: ctx.logger() });
      const bar = terminalProgress(profile.id, ctx.terminal);
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
        ...(flags.toSecurityHub ? { toSecurityHub: true } : {}),
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
      if (outcome.delivery) ctx.stdout.write(`${describeDelivery(outcome.delivery)}\n`);
      const imported = outcome.securityHub ? describeSecurityHubImport(outcome.securityHub) : undefined;
      if (imported) {
        ctx.stdout.write(`${imported.line}\n`);
        for (const e of imported.errors) ctx.stderr.write(`error: ${e}\n`);
      }
      const { run } = outcome.results;
      const reach = accountReach(run.scope.accounts, outcome.results.evidence);
      if (noAccountRead(reach)) {
        // Every verdict is ERROR: the package is written (it shows why), but this is not an assessment.
        ctx.stderr.write(
          `error: run ${outcome.runId} could read no account (${reach.unreadable.join(', ')}); every verdict is unproven\n`,
        );
        ctx.exitCode = EXIT.INCOMPLETE;
        return;
      }
      ctx.exitCode =
        failOn !== undefined && failsAt(failOn, outcome.results.frameworks) ? EXIT.FAILING : EXIT.OK;
      // The package stands; the import that was asked for did not fully happen, and the exit code says so
      // (over --fail-on's 1; a run that read no account stays 3, above).
      if (imported?.errors.length) ctx.exitCode = EXIT.EXPORT_FAILED;
    });
}
