// Wait for SIGTERM or SIGINT: the first asks for a graceful stop, a second one for an immediate abort.

/** Resolves on the first signal; `onSecond` runs if another arrives before `release()` is called. */
export function untilSignal(onSecond: () => void): { stopped: Promise<NodeJS.Signals>; release: () => void } {
  let count = 0;
  let resolveFirst: (s: NodeJS.Signals) => void = () => undefined;
  const stopped = new Promise<NodeJS.Signals>((resolve) => {
    resolveFirst = resolve;
  });
  const handler = (signal: NodeJS.Signals) => {
    count += 1;
    if (count === 1) resolveFirst(signal);
    else onSecond();
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
  return {
    stopped,
    release: () => {
      process.off('SIGTERM', handler);
      process.off('SIGINT', handler);
    },
  };
}
