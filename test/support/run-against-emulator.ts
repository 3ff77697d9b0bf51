// Run the real pipeline against an in-process emulator with a small catalogue written for the test.

import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Catalog,
  loadCatalog,
  loadProfile,
  type Profile,
  yamlFilesIn,
} from '../../src/catalog/index.js';
import { systemClock } from '../../src/core/clock.js';
import type { Finding } from '../../src/core/finding.js';
import { silentLogger } from '../../src/core/logger.js';
import { packagePaths } from '../../src/core/paths.js';
import type { RunResults } from '../../src/core/run-result.js';
import type { Emulator } from '../../src/emulator/index.js';
import { type RunOutcome, type RunProfileOptions, runProfile } from '../../src/pipeline/run-profile.js';
import { loadRun } from '../../src/store/results-file.js';

/** Load the real catalogue plus a framework and a profile given as YAML text. */
export async function catalogWith(
  frameworkYaml: string,
  profileYaml: string,
  libraryYaml?: string,
): Promise<{ catalog: Catalog; profile: Profile; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'evidentia-it-'));
  await writeFile(join(dir, 'framework.yaml'), frameworkYaml);
  await writeFile(join(dir, 'profile.yaml'), profileYaml);
  const extra = libraryYaml ? [join(dir, 'library.yaml')] : [];
  if (libraryYaml) await writeFile(join(dir, 'library.yaml'), libraryYaml);
  // Only the evidence library and the test's own framework: other frameworks are not under test here.
  const library = await yamlFilesIn(packagePaths().evidenceLibrary);
  const catalog = await loadCatalog({
    defaults: false,
    files: [...library, ...extra, join(dir, 'framework.yaml')],
  });
  const profile = await loadProfile(join(dir, 'profile.yaml'), catalog);
  return { catalog, profile, dir };
}

/** Run the profile against the emulator; returns the outcome and, when it completed, the results. */
export async function runAgainst(
  emulator: Emulator,
  setup: { catalog: Catalog; profile: Profile; dir: string },
  extra: Partial<RunProfileOptions> = {},
): Promise<{ outcome: RunOutcome; results?: RunResults }> {
  const { accessKeyId, secretAccessKey } = emulator.credentials;
  const outcome = await runProfile({
    profile: setup.profile,
    catalog: setup.catalog,
    outDir: join(setup.dir, 'out'),
    clock: systemClock,
    logger: silentLogger(),
    endpoint: emulator.url,
    credentials: async () => ({ accessKeyId, secretAccessKey }),
    ...extra,
  });
  if (outcome.status !== 'completed') return { outcome };
  return { outcome, results: await loadRun(outcome.dir) };
}

/** The findings for one query key, by `account/region`. */
export function findingsFor(results: RunResults, queryKey: string): Record<string, Finding> {
  return Object.fromEntries(
    results.findings.filter((f) => f.queryKey === queryKey).map((f) => [`${f.accountId}/${f.region}`, f]),
  );
}
