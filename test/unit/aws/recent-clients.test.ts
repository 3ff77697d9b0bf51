// The run's per account-region clients are kept only while recent: a run over thousands of account-regions
// holds at most `keep` of them, the most recently used stay, and one let go is made again when asked for.

import { describe, expect, it } from 'vitest';
import { RecentClients, recentClientsKept } from '../../../src/aws/recent-clients.js';

describe('RecentClients', () => {
  it('keeps at most `keep` clients, letting the least recently used go first', () => {
    const made: string[] = [];
    const recent = new RecentClients<{ key: string }>(3);
    const get = (key: string) =>
      recent.get(key, () => {
        made.push(key);
        return { key };
      });
    const a = get('a');
    get('b');
    get('c');
    expect(get('a')).toBe(a); // used again: now the most recent
    get('d'); // lets 'b' go, not 'a'
    expect(recent.size).toBe(3);
    expect(get('a')).toBe(a);
    get('b'); // made again
    expect(made).toEqual(['a', 'b', 'c', 'd', 'b']);
    for (let i = 0; i < 4000; i += 1) get(`acct-${i}/us-east-1`);
    expect(recent.size).toBe(3);
  });

  it('keeps enough for every task in flight: four times the global concurrency, at least 64', () => {
    expect(recentClientsKept(16)).toBe(64);
    expect(recentClientsKept(64)).toBe(256);
  });
});
