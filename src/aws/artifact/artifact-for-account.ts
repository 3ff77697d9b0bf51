// The Artifact client of a run for one account: the run's HTTP handler, retry strategy and budget, endpoint
// override and per-account credentials (from AwsClients), with every attempt counted against the account's gate.

import { toolVersion } from '../../core/version.js';
import type { AwsClients } from '../aws-clients.js';
import { ArtifactClient } from './artifact-client.js';
import { ARTIFACT_SIGNING_REGION } from './artifact-endpoint.js';

const clientsByRun = new WeakMap<AwsClients, Map<string, ArtifactClient>>();

/**
 * Artifact as `accountId` sees it (cached per run). `env` supplies AWS_ENDPOINT_URL_ARTIFACT / AWS_ENDPOINT_URL
 * when the run has no explicit endpoint; default process.env.
 */
export function artifactClientFor(
  clients: AwsClients,
  accountId: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): ArtifactClient {
  let perAccount = clientsByRun.get(clients);
  if (!perAccount) {
    perAccount = clients.keepForCollection(new Map<string, ArtifactClient>());
    clientsByRun.set(clients, perAccount);
  }
  let client = perAccount.get(accountId);
  if (!client) {
    const base = clients.baseConfig(ARTIFACT_SIGNING_REGION, clients.credentials().provider(accountId));
    client = new ArtifactClient({
      credentials: clients.credentials().provider(accountId),
      requestHandler: base.requestHandler,
      retryStrategy: base.retryStrategy,
      maxAttempts: base.maxAttempts,
      ...(base.endpoint ? { endpoint: base.endpoint } : {}),
      env,
      gate: (attempt) => clients.gate.run(accountId, attempt),
      userAgent: `evidentia/${toolVersion()} artifact-client`,
    });
    perAccount.set(accountId, client);
  }
  return client;
}
