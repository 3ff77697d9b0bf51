// Which evidence query keys a task answers (used to report on a task whose evidence cannot be evaluated).

import type { Task } from '../plan/types.js';

/** Every query key a task produces verdicts for. */
export function taskQueryKeys(task: Task): string[] {
  switch (task.kind) {
    case 'config':
      return [
        ...task.rules.map((r) => `config-rule:${r}`),
        ...task.queries.map((q) => `config-query:${q.queryId}`),
      ];
    case 'config-aggregate':
      return [
        ...[...task.rules, ...task.globalRules].map((r) => `config-rule:${r}`),
        ...task.queries.map((q) => `config-query:${q.queryId}`),
      ];
    case 'conformance-pack':
      return task.packs.map((p) => `conformance-pack:${p.id}`);
    case 'artifact-reports':
      return task.reports.map((r) => `artifact-report:${r.id}`);
    case 'artifact-agreements':
      return task.agreements.map((a) => `artifact-agreement:${a.id}`);
    case 'audit-manager':
      return [`audit-manager:${task.query.id}`];
    case 'securityhub':
      return [
        ...task.controls.map((c) => `securityhub-control:${c.id}`),
        ...task.findings.map((f) => `securityhub-findings:${f.id}`),
      ];
    case 'attestations':
      return task.items.map((i) => `manual:${i.frameworkId}:${i.controlId}`);
  }
}
