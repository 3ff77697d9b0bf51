// Per-run, per account and region SDK clients for services the run reaches only for some tasks (Audit Manager,
// Security Hub): made from the run's shared settings (handler, retry budget, endpoint) with the account's
// credentials, gated like every other client; the most recently used are kept per run (recent-clients.ts).

import type { MiddlewareStack } from '@smithy/types';
import type { AwsClients, BaseClientConfig } from './aws-clients.js';
import { installGate } from './call-gate.js';
import { RecentClients, recentClientsKept } from './recent-clients.js';

/**
 * A getter of `make`'s client for an account and region, cached per run. The client shares the run's HTTP
 * handler: never destroy it yourself, `clients.destroy()` closes the sockets.
 */
export function runScopedClients<
  I extends object,
  O extends object,
  C extends { middlewareStack: MiddlewareStack<I, O> },
>(make: (config: BaseClientConfig) => C): (clients: AwsClients, accountId: string, region: string) => C {
  const byRun = new WeakMap<AwsClients, RecentClients<C>>();
  return (clients, accountId, region) => {
    let cache = byRun.get(clients);
    if (!cache) {
      cache = clients.keepForCollection(
        new RecentClients<C>(recentClientsKept(clients.settings.limits.global)),
      );
      byRun.set(clients, cache);
    }
    return cache.get(`${accountId}/${region}`, () => {
      const client = make(clients.baseConfig(region, clients.credentials().provider(accountId)));
      installGate(client, clients.gate, accountId);
      return client;
    });
  };
}
