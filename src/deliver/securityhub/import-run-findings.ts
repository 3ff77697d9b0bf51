// `--to-security-hub`: after a run is sealed, send its reports/findings.asff.json (the file the manifest
// signs, as it is) to the account and region it was rendered for (render/asff/asff-target.ts), through the
// audit role in that account. The outcome never changes the run's: it is reported beside it.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AwsClients } from '../../aws/aws-clients.js';
import { securityHubClientFor } from '../../aws/securityhub-client.js';
import type { Profile } from '../../catalog/types.js';
import type { Logger } from '../../core/logger.js';
import type { RunMetadata } from '../../core/run-result.js';
import { ASFF_FILE, asffTarget } from '../../render/index.js';
import {
  type ImportableFinding,
  type ImportFindingsOptions,
  type ImportReport,
  importFindings,
} from './import-findings.js';

export interface SecurityHubImport extends ImportReport {
  accountId: string;
  region: string;
  /** Set when nothing could be sent at all (no file, no target account). */
  error?: string;
}

export interface ImportRunFindingsOptions extends ImportFindingsOptions {
  /** The sealed run folder. */
  dir: string;
  profile: Profile;
  run: Pick<RunMetadata, 'scope'>;
  clients: AwsClients;
  logger: Logger;
}

/** Import the run's ASFF file into Security Hub; never throws. */
export async function importRunFindings(opts: ImportRunFindingsOptions): Promise<SecurityHubImport> {
  const target = asffTarget(opts.profile, opts.run);
  const empty = { findings: 0, imported: 0, failed: [], requests: 0, retryRounds: 0 };
  if (!target)
    return { ...empty, accountId: '', region: '', error: 'the run does not name the account it ran as' };
  const where = { accountId: target.accountId, region: target.region };
  let findings: ImportableFinding[];
  try {
    findings = JSON.parse(
      await readFile(join(opts.dir, 'reports', ASFF_FILE), 'utf8'),
    ) as ImportableFinding[];
  } catch (err) {
    return { ...empty, ...where, error: `cannot read reports/${ASFF_FILE}: ${(err as Error).message}` };
  }
  const client = securityHubClientFor(opts.clients, target.accountId, target.region);
  const report = await importFindings(client, findings, opts);
  opts.logger.info(
    { ...where, imported: report.imported, failed: report.failed.length, requests: report.requests },
    'findings imported into Security Hub',
  );
  return { ...report, ...where };
}
