// Roll findings up into per-control and per-framework verdicts, incrementally, so a run never has to hold
// every finding in memory to know where each control stands.

import type { Framework } from '../catalog/types.js';
import type { ControlResult, Finding, FrameworkResult } from '../core/finding.js';
import { SEVERITY_RANK } from '../core/severity.js';
import { emptyCounts, isMet, STATUS_RANK, STATUSES } from '../core/status.js';

interface ControlState {
  result: ControlResult;
  worstReason?: string;
  sameStatusMore: number;
  findings: number;
}

/** Accumulates findings; `controls()` and `frameworks()` give the roll-ups at any point. */
export class Rollup {
  private readonly states = new Map<string, ControlState>();
  private readonly frameworks: readonly Framework[];

  constructor(frameworks: readonly Framework[]) {
    this.frameworks = frameworks;
    for (const fw of frameworks) {
      for (const c of fw.controls) {
        this.states.set(key(fw.id, c.id), {
          result: {
            frameworkId: fw.id,
            controlId: c.id,
            ref: c.ref,
            title: c.title,
            responsibility: c.responsibility,
            status: 'NOT_EVALUATED',
            reason: 'No evidence was collected for this control',
            counts: emptyCounts(),
          },
          sameStatusMore: 0,
          findings: 0,
        });
      }
    }
  }

  /** Count one finding towards its control. */
  add(f: Finding): void {
    const state = this.states.get(key(f.frameworkId, f.controlId));
    if (!state) return;
    const r = state.result;
    r.counts[f.status] += 1;
    if (state.findings === 0 || STATUS_RANK[f.status] > STATUS_RANK[r.status]) {
      r.status = f.status;
      state.worstReason = f.reason;
      state.sameStatusMore = 0;
    } else if (f.status === r.status) {
      state.sameStatusMore += 1;
    }
    state.findings += 1;
    if (
      f.status === 'FAIL' &&
      f.severity &&
      (!r.severity || SEVERITY_RANK[f.severity] > SEVERITY_RANK[r.severity])
    ) {
      r.severity = f.severity;
    }
  }

  /** Per-control verdicts, in framework and control order. */
  controls(): ControlResult[] {
    return [...this.states.values()].map((s) => ({
      ...s.result,
      reason: s.findings === 0 ? s.result.reason : controlReason(s),
      counts: { ...s.result.counts },
    }));
  }

  /** Per-framework counts of controls by status, and the share of applicable controls met. */
  frameworkResults(): FrameworkResult[] {
    const controls = this.controls();
    return this.frameworks.map((fw) => {
      const counts = emptyCounts();
      let met = 0;
      let applicable = 0;
      for (const c of controls) {
        if (c.frameworkId !== fw.id) continue;
        counts[c.status] += 1;
        if (c.status !== 'NOT_APPLICABLE') applicable += 1;
        if (isMet(c.status)) met += 1;
      }
      return {
        frameworkId: fw.id,
        name: fw.name,
        version: fw.version,
        controls: fw.controls.length,
        counts,
        metRatio: applicable === 0 ? 0 : met / applicable,
      };
    });
  }
}

/** The worst finding's reason, how many more share its status, and what the other findings say. */
function controlReason(s: ControlState): string {
  const status = s.result.status;
  const more =
    s.sameStatusMore > 0
      ? ` (and ${s.sameStatusMore} more ${status} finding${s.sameStatusMore === 1 ? '' : 's'})`
      : '';
  const others = STATUSES.filter((st) => st !== status && s.result.counts[st] > 0).map(
    (st) => `${s.result.counts[st]} ${st}`,
  );
  return `${s.worstReason ?? ''}${more}${others.length ? `; other findings: ${others.join(', ')}` : ''}`;
}

function key(frameworkId: string, controlId: string): string {
  return `${frameworkId}\u0000${controlId}`;
}
