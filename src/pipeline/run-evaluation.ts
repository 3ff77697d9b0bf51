// Evaluation of a run as its evidence arrives: each task's records → verdicts → findings appended to
// findings.jsonl and added to the roll-up. The not-applicable controls get their one finding first. Used by
// runProfile as tasks end, and by a cluster run's finishing job as it reads each account's evidence back.

import { join } from 'node:path';
import { notApplicableControls } from '../catalog/applicability.js';
import type { Catalog, Profile, profileFrameworks } from '../catalog/index.js';
import type { Clock } from '../core/clock.js';
import type { EvidenceRecord } from '../core/evidence-record.js';
import { FINDINGS_FILE } from '../core/run-result.js';
import {
  applicabilityFindings,
  buildFindingIndex,
  evaluateTask,
  Rollup,
  toFindings,
} from '../evaluate/index.js';
import { isUndeployedRuleFinding, ruleOfQueryKey } from '../packs/missing-rules.js';
import type { Task } from '../plan/types.js';
import { FindingsFile } from '../store/findings-file.js';

export class RunEvaluation {
  readonly rollup: Rollup;
  /** Managed rules a decisive finding found not deployed (results.json's `notDeployedRules`). */
  readonly notDeployed = new Set<string>();
  private readonly findings: FindingsFile;
  private readonly index: ReturnType<typeof buildFindingIndex>;
  private readonly evalCtx: Parameters<typeof evaluateTask>[2];
  // One append at a time: tasks that end together would otherwise all wait on the stream's 'drain'.
  private appending: Promise<void> = Promise.resolve();

  private constructor(
    runDir: string,
    profile: Profile,
    frameworks: ReturnType<typeof profileFrameworks>,
    catalog: Catalog,
    clock: Clock,
  ) {
    this.findings = new FindingsFile(join(runDir, FINDINGS_FILE));
    const notApplicable = notApplicableControls(profile, frameworks);
    this.rollup = new Rollup(frameworks, notApplicable);
    this.index = buildFindingIndex(frameworks, catalog, notApplicable);
    this.evalCtx = { clock, catalog, maxResources: profile.collection.maxResourcesPerFinding };
    const excluded = applicabilityFindings(frameworks, notApplicable);
    for (const f of excluded) this.rollup.add(f);
    this.appending = this.findings.append(excluded);
  }

  /** Start findings.jsonl in `runDir` with the not-applicable controls' findings. */
  static async open(
    runDir: string,
    profile: Profile,
    frameworks: ReturnType<typeof profileFrameworks>,
    catalog: Catalog,
    clock: Clock,
  ): Promise<RunEvaluation> {
    const e = new RunEvaluation(runDir, profile, frameworks, catalog, clock);
    await e.appending;
    return e;
  }

  /** Evaluate one task's records and append its findings. */
  async add(task: Task, records: readonly EvidenceRecord[]): Promise<void> {
    const verdicts = evaluateTask(task, [...records], this.evalCtx);
    const made = verdicts.flatMap((v) => toFindings(v, this.index));
    for (const f of made) {
      this.rollup.add(f);
      if (isUndeployedRuleFinding(f)) this.notDeployed.add(ruleOfQueryKey(f.queryKey));
    }
    this.appending = this.appending.then(() => this.findings.append(made));
    await this.appending;
  }

  get count(): number {
    return this.findings.count;
  }

  async close(): Promise<void> {
    await this.appending;
    await this.findings.close();
  }
}
