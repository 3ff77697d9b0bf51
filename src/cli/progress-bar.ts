// A progress bar on a terminal (and nothing at all when output is not a TTY). One bar covers the whole
// run: the collection tasks, then writing, rendering, signing and archiving, each with its own count.
// While it is drawn, log lines are held by the TerminalOutput and written when it is cleared.

import cliProgress from 'cli-progress';
import { overallProgress, type RunProgress } from '../pipeline/progress.js';
import { TerminalOutput } from './terminal-output.js';

/** `collect 12/24 tasks`, `render 2/6 files`, `sign 1/3`, ... */
export function stageLabel(p: RunProgress): string {
  switch (p.phase) {
    case 'discover':
      return 'discover accounts';
    case 'collect':
      return `collect + evaluate ${p.tasksDone}/${p.tasksTotal} tasks`;
    case 'render':
      return `render ${p.step?.done ?? 0}/${p.step?.total ?? 0} files`;
    case 'sign':
      return `sign ${p.step?.done ?? 0}/${p.step?.total ?? 0}`;
    case 'archive':
      return `archive ${p.step?.done ?? 0}/${p.step?.total ?? 0}`;
    case 'write':
      return 'write results';
    default:
      return p.phase;
  }
}

/** A progress callback drawing a bar on stderr when it is a terminal; call `stop()` when done. */
export function terminalProgress(
  label: string,
  out: TerminalOutput = new TerminalOutput(process.stderr),
): { update: (p: RunProgress) => void; stop: () => void } {
  if (!out.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      stream: out.stream as NodeJS.WriteStream,
      format: `${label} [{bar}] {percentage}% · {stage}`,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update: (p) => {
      const { done, total } = overallProgress(p);
      if (!started && p.tasksTotal > 0) {
        out.hold();
        bar.start(total, 0, { stage: stageLabel(p) });
        started = true;
      }
      if (started) {
        bar.setTotal(total);
        bar.update(done, { stage: stageLabel(p) });
      }
    },
    stop: () => {
      if (started) bar.stop();
      started = false;
      out.release();
    },
  };
}
