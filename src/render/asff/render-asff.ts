// renderAsff: a run → reports/findings.asff.json, a JSON array of AwsSecurityFinding, one per control of the
// run's frameworks (the form `aws securityhub batch-import-findings --findings file://…` reads). Built from the
// control roll-ups in results.json alone; `--to-security-hub` sends this very file (src/deliver/securityhub/).

import type { Catalog, Profile } from '../../catalog/types.js';
import type { RunSummary } from '../../core/run-result.js';
import { writeJsonFile } from '../../core/streamed-json.js';
import { type AsffFinding, asffFinding } from './asff-finding.js';
import { asffTarget } from './asff-target.js';

/** File name inside `reports/`. */
export const ASFF_FILE = 'findings.asff.json';

/** The run's findings in ASFF; undefined when the run does not say which account it ran as. */
export function renderAsff(
  results: Pick<RunSummary, 'run' | 'controls'>,
  catalog: Catalog,
  profile: Profile,
): AsffFinding[] | undefined {
  const { run } = results;
  const target = asffTarget(profile, run);
  if (!target) return undefined;
  const frameworkNames = new Map(run.frameworks.map((f) => [f.id, f.name]));
  for (const [id, f] of catalog.frameworks) if (!frameworkNames.has(id)) frameworkNames.set(id, f.name);
  const ctx = { run, target, frameworkNames };
  const inRun = new Set(run.frameworks.map((f) => f.id));
  return results.controls.filter((c) => inRun.has(c.frameworkId)).map((c) => asffFinding(c, ctx));
}

/** Write the ASFF file to `path`; false (nothing written) when the run has no target account. */
export async function writeAsff(
  path: string,
  results: Pick<RunSummary, 'run' | 'controls'>,
  catalog: Catalog,
  profile: Profile,
): Promise<boolean> {
  const findings = renderAsff(results, catalog, profile);
  if (!findings) return false;
  await writeJsonFile(path, findings);
  return true;
}
