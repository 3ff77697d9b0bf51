// A concurrency limit whose waiting work starts highest priority first, first come first served within a
// priority (p-limit's order when every priority is the same).

/** Runs `fn` once fewer than the limit are running; higher `priority` starts first. */
export type PriorityLimitFunction = <T>(fn: () => Promise<T>, priority?: number) => Promise<T>;

/** A limit of `concurrency` functions running at once. */
export function priorityLimit(concurrency: number): PriorityLimitFunction {
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new TypeError(`concurrency must be a whole number of 1 or more, not ${concurrency}`);
  let running = 0;
  /** Waiting starts per priority, each queue first in, first out; priorities sorted highest first. */
  const queues = new Map<number, (() => void)[]>();
  let order: number[] = [];

  const next = (): void => {
    if (running >= concurrency) return;
    for (const p of order) {
      const start = queues.get(p)!.shift();
      if (start) {
        start();
        return;
      }
    }
  };

  return <T>(fn: () => Promise<T>, priority = 0) =>
    new Promise<T>((resolve, reject) => {
      const start = () => {
        running += 1;
        // Started on its own microtask, as p-limit does, so a caller's synchronous code runs first.
        Promise.resolve()
          .then(fn)
          .then(resolve, reject)
          .finally(() => {
            running -= 1;
            next();
          });
      };
      let queue = queues.get(priority);
      if (!queue) {
        queue = [];
        queues.set(priority, queue);
        order = [...queues.keys()].sort((a, b) => b - a);
      }
      queue.push(start);
      next();
    });
}
