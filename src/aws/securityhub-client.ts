// AWS Security Hub clients of a run, per account and region: made from the run's shared settings (handler,
// retry budget, endpoint) with the account's credentials, and gated like every other client.

import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { AwsClients } from './aws-clients.js';
import { installGate } from './call-gate.js';

const clientsByRun = new WeakMap<AwsClients, Map<string, SecurityHubClient>>();

/**
 * Security Hub in `accountId` and `region` (cached per run). The client shares the run's HTTP handler:
 * never destroy it yourself, `clients.destroy()` closes the sockets.
 */
export function securityHubClientFor(
  clients: AwsClients,
  accountId: string,
  region: string,
): SecurityHubClient {
  let cache = clientsByRun.get(clients);
  if (!cache) {
    cache = new Map();
    clientsByRun.set(clients, cache);
  }
  const key = `${accountId}/${region}`;
  let client = cache.get(key);
  if (!client) {
    client = new SecurityHubClient(clients.baseConfig(region, clients.credentials().provider(accountId)));
    installGate(client, clients.gate, accountId);
    cache.set(key, client);
  }
  return client;
}
