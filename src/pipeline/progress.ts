// Progress of a run, reported through a callback (CLI progress bar, daemon's /api/runs/:id).

export type RunPhase = 'discover' | 'collect' | 'write' | 'render' | 'bundle' | 'done';

export interface RunProgress {
  phase: RunPhase;
  tasksDone: number;
  tasksTotal: number;
  /** The task that just finished. */
  current?: string;
}
