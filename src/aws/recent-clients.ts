// The SDK clients of a run per account and region, keeping only the most recently used: enough for every task
// in flight, so a run over thousands of account-regions does not hold a client for each (~20–30 KB apiece;
// 4,000 account-regions of one service were ~100 MB). A client let go is made again if asked for later. Clients
// let go are not destroyed: every client shares the run's HTTP handler, which destroy() would close for all.

/** Clients kept for a run whose global concurrency is `global`: tasks in flight are at most twice that. */
export function recentClientsKept(global: number): number {
  return Math.max(64, global * 4);
}

export class RecentClients<C> {
  private readonly clients = new Map<string, C>();

  constructor(private readonly keep: number) {}

  /** The client for `key`, made by `make` when it is not kept. */
  get(key: string, make: () => C): C {
    let client = this.clients.get(key);
    if (client) {
      // Most recently used last, so the first key is always the one to let go.
      this.clients.delete(key);
      this.clients.set(key, client);
      return client;
    }
    client = make();
    this.clients.set(key, client);
    if (this.clients.size > this.keep) this.clients.delete(this.clients.keys().next().value as string);
    return client;
  }

  get size(): number {
    return this.clients.size;
  }

  /** Let every kept client go (they are made again if asked for). */
  clear(): void {
    this.clients.clear();
  }
}
