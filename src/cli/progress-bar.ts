// A progress bar on a terminal (and nothing at all when output is not a TTY).

import cliProgress from 'cli-progress';
import type { RunProgress } from '../pipeline/progress.js';

/** A progress callback drawing a bar on stderr when it is a terminal; call `stop()` when done. */
export function terminalProgress(
  label: string,
  stream: NodeJS.WriteStream = process.stderr,
): { update: (p: RunProgress) => void; stop: () => void } {
  if (!stream.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `${label} [{bar}] {value}/{total} tasks · {phase}`,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update: (p) => {
      if (!started && p.tasksTotal > 0) {
        bar.start(p.tasksTotal, 0, { phase: p.phase });
        started = true;
      }
      if (started) bar.update(p.tasksDone, { phase: p.phase });
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
