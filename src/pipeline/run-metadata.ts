// The run's metadata as results.json opens with it (profile, frameworks, catalogue files, scope, zeroed
// statistics), made once when a run starts — by runProfile, or by a cluster run's plan job.

import type { Catalog, Profile, profileFrameworks } from '../catalog/index.js';
import type { RunMetadata } from '../core/run-result.js';
import { toolVersion } from '../core/version.js';

/** Metadata of a run that has just started. */
export function runMetadata(
  profile: Profile,
  catalog: Catalog,
  frameworks: ReturnType<typeof profileFrameworks>,
  runId: string,
  startedAt: Date,
): RunMetadata {
  const meta: RunMetadata = {
    runId,
    profile: { id: profile.id, name: profile.name, path: profile.source.path, sha256: profile.source.sha256 },
    organization: profile.organization.name,
    frameworks: frameworks.map((f) => ({
      id: f.id,
      name: f.name,
      version: f.version,
      path: f.source.path,
      sha256: f.source.sha256,
    })),
    catalogFiles: catalog.sources.filter((s) => !frameworks.some((f) => f.source.path === s.path)),
    startedAt: startedAt.toISOString(),
    status: 'running',
    tool: { name: 'evidentia', version: toolVersion() },
    scope: { accounts: [], regions: [...profile.scope.regions] },
    stats: {
      tasks: 0,
      tasksFailed: 0,
      apiCalls: 0,
      retries: 0,
      throttles: 0,
      errors: 0,
      evidenceRecords: 0,
      durationMs: 0,
    },
  };
  if (profile.scope.aggregator) meta.scope.aggregator = profile.scope.aggregator.name;
  return meta;
}
