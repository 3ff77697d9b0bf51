// Which of an account's waiting calls goes out first. A collector marks the calls whose answers decide what
// it asks next (the recorder's status, the rule listing, the compliance summary, the next page of a listing)
// so they pass the calls that lead nowhere further; otherwise each step of such a chain would queue behind
// the whole fan-out of the account's other calls, and its last steps would run alone at the end of the run.

import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Priorities: a call that leads to further calls goes before one that does not, and an account's AssumeRole,
 * which every call of that account waits for, before both.
 */
export const CALL_PRIORITY = { leaf: 0, chain: 1, access: 2 } as const;

const current = new AsyncLocalStorage<number>();

/** Run `fn` (which sends AWS calls) with its calls at `priority`. */
export function withCallPriority<T>(priority: number, fn: () => T): T {
  return current.run(priority, fn);
}

/** The priority of the call being sent (leaf unless a caller said otherwise). */
export function callPriority(): number {
  return current.getStore() ?? CALL_PRIORITY.leaf;
}
