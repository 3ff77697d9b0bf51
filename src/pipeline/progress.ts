// Progress of a run, reported through a callback (CLI progress bar, daemon's /api/runs/:id). Every stage
// reports counts: collection (tasks, each collected and evaluated), writing the results, rendering the
// report files, signing (the two PDFs and the manifest) and archiving.

export type RunPhase = 'discover' | 'collect' | 'write' | 'render' | 'sign' | 'archive' | 'bundle' | 'done';

/** The stages after collection, in order, with how many steps each counts. */
export const FINISH_STEPS = {
  write: 1,
  /** report.html, report.pdf, evidence-detail.pdf, findings.csv, the OSCAL file, the ASFF file. */
  render: 6,
  /** evidence-detail.pdf, report.pdf, manifest.json. */
  sign: 3,
  archive: 1,
} as const;

export type FinishPhase = keyof typeof FINISH_STEPS;

export interface RunProgress {
  phase: RunPhase;
  tasksDone: number;
  tasksTotal: number;
  /** The task that just finished. */
  current?: string;
  /** Steps of the current stage after collection (render 2 of 5, sign 1 of 3, ...). */
  step?: { done: number; total: number };
}

/** Steps done over the whole run (tasks, then each finishing stage), and the total, for one bar. */
export function overallProgress(p: RunProgress): { done: number; total: number } {
  const phases = Object.keys(FINISH_STEPS) as FinishPhase[];
  const after = phases.reduce((n, k) => n + FINISH_STEPS[k], 0);
  const total = p.tasksTotal + after;
  if (p.phase === 'done') return { done: total, total };
  const at = phases.indexOf(p.phase as FinishPhase);
  if (at < 0) return { done: p.tasksDone, total };
  const before = phases.slice(0, at).reduce((n, k) => n + FINISH_STEPS[k], 0);
  return { done: p.tasksTotal + before + Math.min(p.step?.done ?? 0, FINISH_STEPS[phases[at]!]), total };
}
