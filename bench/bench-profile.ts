// The profile the benchmark collects (the four frameworks over the whole synthetic organisation), and the
// managed rules those frameworks ask for, from which the world deploys its "rules per account".

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Catalog, loadProfile, type Profile, profileFrameworks } from '../src/catalog/index.js';
import { planRun } from '../src/plan/plan-run.js';

export const FRAMEWORKS = ['hipaa-security', 'pci-dss-4.0.1', 'gdpr', 'iso27001-2022'];

export interface ProfileParams {
  regions: string[];
  global: number;
  perAccount: number;
  /** Read org-wide compliance through the world's organisation aggregator (in the management account). */
  aggregator?: { accountId: string; region: string };
  callTimeoutMs?: number;
}

/** The profile's YAML text. */
export function profileYaml(p: ProfileParams): string {
  const aggregator = p.aggregator
    ? `\n  aggregator: { name: org-aggregator, accountId: '${p.aggregator.accountId}', region: ${p.aggregator.region} }`
    : '';
  return `type: profile
id: bench
name: Benchmark
organization: { name: Benchmark Org }
frameworks: [${FRAMEWORKS.join(', ')}]
scope:
  accounts: organization
  regions: [${p.regions.join(', ')}]
  role: { name: EvidentiaAuditRole }${aggregator}
collection:
  concurrency: { global: ${p.global}, perAccount: ${p.perAccount} }
  callTimeoutMs: ${p.callTimeoutMs ?? 20_000}
`;
}

/** Write the profile into `dir` and load it against the catalogue. */
export async function writeProfile(dir: string, p: ProfileParams, catalog: Catalog): Promise<Profile> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, 'bench-profile.yaml');
  await writeFile(file, profileYaml(p));
  return loadProfile(file, catalog);
}

/** Every managed rule the profile's frameworks use, as the planner orders them (home region: all of them). */
export function wantedRules(profile: Profile, catalog: Catalog): string[] {
  const plan = planRun({
    profile,
    frameworks: profileFrameworks(profile, catalog),
    catalog,
    accounts: ['100000000001'],
    callerAccountId: '100000000001',
  });
  const home = plan.tasks.find((t) => t.kind === 'config' && t.region === plan.homeRegion);
  return home?.kind === 'config' ? home.rules : [];
}
