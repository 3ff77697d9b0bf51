// Cross-checks on controls that a schema cannot express: unique ids, id ↔ reference agreement, known
// groups, evidence that resolves to a library query, and inherited controls backed by an Artifact report.

import type { InputIssue } from '../core/errors.js';
import type { LibraryQuery } from './schema/evidence-library-schema.js';
import type { ControlDef } from './schema/framework-schema.js';
import { queryKeyOf } from './types.js';
import { formatPath, locate, type PathSegment, type YamlSource } from './yaml-source.js';

export interface ControlCheckContext {
  source: YamlSource;
  frameworkId: string;
  /** Declared group ids; `null` when the file declares none (then `group` is not checked). */
  groups: ReadonlySet<string> | null;
  library: ReadonlyMap<string, LibraryQuery>;
  /** Entity kinds the framework declares; `appliesTo` must name only these. */
  entityKinds?: readonly string[];
}

/** The numeric core of a control id (`A.8.24` → `8.24`, `Art.32(1)(a)` → `32(1)(a)`), which the ref must contain. */
export function idCore(id: string): string {
  const m = /[0-9][0-9A-Za-z().-]*/.exec(id);
  return m ? m[0] : id;
}

export function checkControls(
  controls: readonly ControlDef[],
  base: PathSegment[],
  ctx: ControlCheckContext,
): InputIssue[] {
  const issues: InputIssue[] = [];
  const issue = (path: PathSegment[], message: string) =>
    issues.push({ location: locate(ctx.source, path), field: formatPath(path), message });
  const seen = new Map<string, number>();

  controls.forEach((c, i) => {
    const at = [...base, i];
    const first = seen.get(c.id);
    if (first !== undefined) {
      const firstLine = locate(ctx.source, [...base, first, 'id']).line;
      issue([...at, 'id'], `duplicate control id '${c.id}' (first defined on line ${firstLine})`);
    } else {
      seen.set(c.id, i);
    }
    if (!c.ref.includes(idCore(c.id))) {
      issue(
        [...at, 'ref'],
        `ref '${c.ref}' does not contain the control id '${idCore(c.id)}'; id and ref must name the same requirement`,
      );
    }
    if (c.group !== undefined && ctx.groups && !ctx.groups.has(c.group)) {
      issue([...at, 'group'], `unknown group '${c.group}' (declared: ${[...ctx.groups].join(', ')})`);
    }
    c.appliesTo?.forEach((kind, j) => {
      if (!ctx.entityKinds?.includes(kind)) {
        issue(
          [...at, 'appliesTo', j],
          ctx.entityKinds
            ? `unknown entity kind '${kind}' (the framework declares: ${ctx.entityKinds.join(', ')})`
            : `entity kind '${kind}' is not declared: add entityKinds to the framework file`,
        );
      }
    });
    const keys = new Set<string>();
    c.evidence.forEach((ref, j) => {
      const evAt = [...at, 'evidence', j];
      const key = queryKeyOf(ref, { frameworkId: ctx.frameworkId, id: c.id });
      if (keys.has(key)) issue(evAt, `evidence '${key}' is listed twice for control '${c.id}'`);
      keys.add(key);
      if (ref.kind === 'manual') return;
      if (!ctx.library.has(key)) {
        const field = evidenceField(ref.kind);
        issue(
          [...evAt, field],
          ref.kind === 'config-rule'
            ? `managed rule '${ref.rule}' has no entry in the evidence library (frameworks/evidence/); add it there with its severity and remediation`
            : `unknown ${ref.kind} query '${key.slice(ref.kind.length + 1)}' (define it in frameworks/evidence/)`,
        );
      }
    });
    if (!c.evidence.some((e) => e.role === 'decisive')) {
      issue(
        [...at, 'evidence'],
        `control '${c.id}' has only supporting evidence; at least one entry must be decisive (supporting evidence never decides a verdict, so the control could never be met)`,
      );
    }
    if (
      c.responsibility === 'shared' &&
      !c.evidence.some((e) => e.role === 'decisive' && e.kind !== 'artifact-report')
    ) {
      issue(
        [...at, 'responsibility'],
        `control '${c.id}' is shared, so it must name decisive evidence for the customer's part (a rule, a query, an accepted agreement or a kind: manual attestation), not only AWS's Artifact report; a shared control is met only when both parts are`,
      );
    }
    if (c.responsibility === 'aws' && !c.evidence.some((e) => e.kind === 'artifact-report')) {
      issue(
        [...at, 'responsibility'],
        `control '${c.id}' is inherited from AWS, so it must name the AWS Artifact report that proves it (evidence kind artifact-report)`,
      );
    }
  });
  return issues;
}

function evidenceField(kind: string): string {
  switch (kind) {
    case 'config-rule':
      return 'rule';
    case 'artifact-report':
      return 'report';
    case 'artifact-agreement':
      return 'agreement';
    case 'conformance-pack':
      return 'pack';
    case 'securityhub-control':
      return 'control';
    default:
      return 'query';
  }
}
