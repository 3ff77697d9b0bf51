// The CLI's words for a Security Hub import: one line of what happened, and one error line per finding that
// could not be imported (at most 20, then how many more).

import type { SecurityHubImport } from './import-run-findings.js';

const LISTED = 20;

/** A summary line and the error lines (empty when everything was imported). */
export function describeSecurityHubImport(r: SecurityHubImport): { line: string; errors: string[] } {
  if (r.error)
    return {
      line: 'Security Hub: nothing imported',
      errors: [`Security Hub import: ${r.error}`],
    };
  const where = `account ${r.accountId}, ${r.region}`;
  const line = `Security Hub: ${r.imported} of ${r.findings} findings imported into ${where} (${r.requests} BatchImportFindings request(s)${r.retryRounds ? `, ${r.retryRounds} retry round(s)` : ''})`;
  const errors = r.failed
    .slice(0, LISTED)
    .map((f) => `Security Hub import: finding ${f.id} not imported: ${f.errorCode}: ${f.errorMessage}`);
  if (r.failed.length > LISTED)
    errors.push(`Security Hub import: ${r.failed.length - LISTED} more findings not imported`);
  return { line, errors };
}
