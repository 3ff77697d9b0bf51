// Roll findings up into per-control and per-framework verdicts, incrementally, so a run never has to hold
// every finding in memory to know where each control stands.
//
// The rules an auditor can check (docs/catalog.md "How a verdict is reached"):
// - only decisive findings decide a control; its verdict is the worst of them (STATUS_RANK). Supporting
//   findings are counted apart (`supportingCounts`) and never move the verdict, up or down;
// - a control without a decisive finding is NOT_EVALUATED, however its supporting findings stand: supporting
//   evidence alone can never make a control PASS (nor FAIL);
// - a shared control is met only when both parts are: AWS's (its Artifact report, INHERITED) and the
//   customer's (a PASS or a current attestation). INHERITED alone leaves it NOT_EVALUATED;
// - a control that does not apply (declared, or outside the profile's entity) is NOT_APPLICABLE with its
//   justification, and nothing else changes that; checks that merely found no resource in scope never make
//   a control NOT_APPLICABLE (it is NOT_EVALUATED until declared or evidenced).

import { applicabilityKey, type NotApplicableMap, notApplicableReason } from '../catalog/applicability.js';
import type { Framework } from '../catalog/types.js';
import { isDecisive } from '../core/evidence-role.js';
import type { ControlResult, Finding, FrameworkResult } from '../core/finding.js';
import { SEVERITY_RANK } from '../core/severity.js';
import { emptyCounts, isMet, STATUS_RANK, STATUSES } from '../core/status.js';

interface ControlState {
  result: ControlResult;
  supporting: ControlResult['counts'];
  worstReason?: string;
  sameStatusMore: number;
  /** Decisive findings counted so far. */
  findings: number;
  /** Decisive findings of the customer's part (anything but an Artifact report) that are met. */
  customerMet: number;
}

/** Accumulates findings; `controls()` and `frameworks()` give the roll-ups at any point. */
export class Rollup {
  private readonly states = new Map<string, ControlState>();
  private readonly frameworks: readonly Framework[];

  constructor(frameworks: readonly Framework[], notApplicable: NotApplicableMap = new Map()) {
    this.frameworks = frameworks;
    for (const fw of frameworks) {
      for (const c of fw.controls) {
        const na = notApplicable.get(applicabilityKey(fw.id, c.id));
        const result: ControlResult = {
          frameworkId: fw.id,
          controlId: c.id,
          ref: c.ref,
          title: c.title,
          responsibility: c.responsibility,
          status: na ? 'NOT_APPLICABLE' : 'NOT_EVALUATED',
          reason: na ? notApplicableReason(na) : 'No evidence was collected for this control',
          counts: emptyCounts(),
        };
        if (na) result.applicability = na;
        this.states.set(key(fw.id, c.id), {
          result,
          supporting: emptyCounts(),
          sameStatusMore: 0,
          findings: 0,
          customerMet: 0,
        });
      }
    }
  }

  /** Count one finding towards its control. */
  add(f: Finding): void {
    const state = this.states.get(key(f.frameworkId, f.controlId));
    if (!state) return;
    if (!isDecisive(f)) {
      state.supporting[f.status] += 1;
      return;
    }
    const r = state.result;
    r.counts[f.status] += 1;
    // AWS's part is its Artifact report (INHERITED); everything else met, an accepted agreement included, is
    // the customer's.
    if (isMet(f.status) && f.kind !== 'artifact-report') {
      state.customerMet += 1;
    }
    // A declared exclusion is the verdict; findings (its own NOT_APPLICABLE record) are only counted.
    if (r.applicability) {
      state.findings += 1;
      return;
    }
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
    return [...this.states.values()].map((s) => {
      const out: ControlResult = { ...s.result, counts: { ...s.result.counts } };
      if (STATUSES.some((st) => s.supporting[st] > 0)) out.supportingCounts = { ...s.supporting };
      if (s.result.applicability) return out;
      if (s.findings === 0) {
        const supporting = supportingText(s.supporting);
        if (supporting) {
          out.reason = `No decisive evidence was evaluated for this control; supporting evidence (${supporting}) never decides a verdict`;
        }
        return out;
      }
      out.reason = controlReason(s);
      // A check with no resource in scope answers NOT_APPLICABLE, but a control is not applicable only when
      // the profile says so (declared, or by entity, with a justification an auditor can read): otherwise it
      // would leave the share met with nobody having decided it. Nothing was there to prove it, so it is
      // NOT_EVALUATED ("nothing to look at") until someone declares the exclusion or there is evidence.
      if (out.status === 'NOT_APPLICABLE') {
        out.status = 'NOT_EVALUATED';
        out.reason = `Every deciding check found no resource in scope (${s.worstReason ?? 'not applicable'}); a control is not applicable only when the profile declares it, so it stays unproven until declared or evidenced${otherFindings(s)}`;
      }
      if (out.responsibility === 'shared' && out.status === 'INHERITED' && s.customerMet === 0) {
        out.status = 'NOT_EVALUATED';
        out.reason = `AWS's part is inherited (${s.worstReason ?? 'current Artifact report'}), but nothing shows the customer's part is met${otherFindings(s)}`;
      }
      return out;
    });
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

/** The worst decisive finding's reason, how many more share its status, and what the others say. */
function controlReason(s: ControlState): string {
  const status = s.result.status;
  const more =
    s.sameStatusMore > 0
      ? ` (and ${s.sameStatusMore} more ${status} finding${s.sameStatusMore === 1 ? '' : 's'})`
      : '';
  return `${s.worstReason ?? ''}${more}${otherFindings(s)}`;
}

function otherFindings(s: ControlState): string {
  const status = s.result.status;
  const others = STATUSES.filter((st) => st !== status && s.result.counts[st] > 0).map(
    (st) => `${s.result.counts[st]} ${st}`,
  );
  const supporting = supportingText(s.supporting);
  return `${others.length ? `; other findings: ${others.join(', ')}` : ''}${supporting ? `; supporting, not deciding: ${supporting}` : ''}`;
}

function supportingText(counts: ControlResult['counts']): string {
  return STATUSES.filter((st) => counts[st] > 0)
    .map((st) => `${counts[st]} ${st}`)
    .join(', ');
}

function key(frameworkId: string, controlId: string): string {
  return `${frameworkId}\u0000${controlId}`;
}
