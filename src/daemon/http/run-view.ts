// The JSON the API gives for a run: its record (or, while it runs, its live progress) and which files can
// be downloaded.

import type { RunProgress } from '../../pipeline/progress.js';
import type { RunRecord } from '../../store/run-store.js';
import type { ActiveRun } from '../run-manager.js';

export interface RunView {
  runId: string;
  profile: { id: string; name: string };
  status: RunRecord['status'];
  trigger?: string;
  requestedBy?: string;
  startedAt: string;
  finishedAt?: string;
  error?: string;
  progress: RunProgress | null;
  frameworks: {
    id: string;
    name: string;
    version: string;
    controls: number;
    metRatio: number;
    counts: Record<string, number>;
  }[];
  stats?: RunRecord['stats'];
  findings?: RunRecord['findings'];
  prunedAt?: string;
  files: { bundle: boolean; pdf: boolean; html: boolean };
  links: Record<string, string>;
}

/** One run as the API shows it; `active` (live progress) wins over a `running` record. */
export function runView(record: RunRecord | undefined, active: ActiveRun | undefined): RunView | undefined {
  const base = record ?? (active ? fromActive(active) : undefined);
  if (!base) return undefined;
  const completed = base.status === 'completed' && !base.prunedAt && Boolean(base.dir);
  const id = encodeURIComponent(base.runId);
  const links: Record<string, string> = { self: `/api/runs/${id}` };
  if (completed) {
    links.bundle = `/api/runs/${id}/bundle`;
    links.pdf = `/api/runs/${id}/report.pdf`;
    links.html = `/api/runs/${id}/report.html`;
    links.verify = `/api/runs/${id}/verify`;
    links.attestations = `/api/runs/${id}/attestations`;
  }
  const stats = base.stats;
  const view: RunView = {
    runId: base.runId,
    profile: { id: base.profileId, name: base.profileName },
    status: active ? 'running' : base.status,
    startedAt: base.startedAt,
    progress: active
      ? { ...active.progress }
      : base.status === 'completed'
        ? { phase: 'done', tasksDone: stats?.tasks ?? 0, tasksTotal: stats?.tasks ?? 0 }
        : null,
    frameworks: (base.frameworks ?? []).map((f) => ({
      id: f.frameworkId,
      name: f.name,
      version: f.version,
      controls: f.controls,
      metRatio: f.metRatio,
      counts: f.counts,
    })),
    files: { bundle: completed && Boolean(base.archive), pdf: completed, html: completed },
    links,
  };
  if (base.trigger) view.trigger = base.trigger;
  if (base.requestedBy) view.requestedBy = base.requestedBy;
  if (base.finishedAt && !active) view.finishedAt = base.finishedAt;
  if (base.error && !active) view.error = base.error;
  if (stats) view.stats = stats;
  if (base.findings) view.findings = base.findings;
  if (base.prunedAt) view.prunedAt = base.prunedAt;
  return view;
}

function fromActive(a: ActiveRun): RunRecord {
  return {
    runId: a.runId,
    profileId: a.profileId,
    profileName: a.profileName,
    startedAt: a.startedAt,
    status: 'running',
    trigger: a.trigger,
    ...(a.requestedBy ? { requestedBy: a.requestedBy } : {}),
  };
}
