// renderOscal: a run → an OSCAL 1.2.1 assessment-results document. One result per run; one observation
// per evidence record (with the record's SHA-256); one finding per control, its target satisfied only when
// the control is met (PASS or INHERITED). Identifiers are UUID v5 derived from the run id, so the same
// run always renders the same document.
//
// import-ap: Evidentia has no separate OSCAL assessment plan; the profile is the plan. `import-ap.href`
// points (`#<uuid>`) to a back-matter resource naming the profile file and its SHA-256.

import type { Catalog, Profile } from '../../catalog/types.js';
import type { ControlResult } from '../../core/finding.js';
import type { FindingSource, RunResults } from '../../core/run-result.js';
import { isMet, STATUS_MEANING, type Status } from '../../core/status.js';
import { controlToken, pathReference } from './oscal-ids.js';
import { EVIDENTIA_OSCAL_NAMESPACE, uuidV5 } from './uuid-v5.js';

export const OSCAL_VERSION = '1.2.1';
/** Namespace of Evidentia's own OSCAL properties. */
export const EVIDENTIA_PROP_NS = 'urn:evidentia:oscal';

type Json = Record<string, unknown>;

const prop = (name: string, value: string, remarks?: string): Json =>
  remarks ? { name, ns: EVIDENTIA_PROP_NS, value, remarks } : { name, ns: EVIDENTIA_PROP_NS, value };

/** OSCAL objective status for an Evidentia status: only PASS and INHERITED are satisfied. */
export function targetStatus(status: Status): Json {
  if (isMet(status)) {
    return status === 'INHERITED'
      ? { state: 'satisfied', reason: 'pass', remarks: STATUS_MEANING.INHERITED }
      : { state: 'satisfied', reason: 'pass' };
  }
  if (status === 'FAIL') return { state: 'not-satisfied', reason: 'fail' };
  return {
    state: 'not-satisfied',
    reason: 'other',
    remarks: `${status}: ${STATUS_MEANING[status]}; not counted as met`,
  };
}

export interface RenderOscalOptions {
  /** metadata.last-modified; default: when the run finished. */
  generatedAt?: string;
}

/** Render the assessment-results document (a plain JSON object); reads the findings in one pass. */
export async function renderOscal(
  results: RunResults<FindingSource>,
  catalog: Catalog,
  profile: Profile,
  opts: RenderOscalOptions = {},
): Promise<{ 'assessment-results': Json }> {
  const { run } = results;
  const ns = uuidV5(EVIDENTIA_OSCAL_NAMESPACE, `run:${run.runId}`);
  const id = (name: string) => uuidV5(ns, name);
  const finished = run.finishedAt ?? run.startedAt;
  const frameworks = new Set(run.frameworks.map((f) => f.id));
  const controls = results.controls.filter((c) => frameworks.has(c.frameworkId));

  const observations = results.evidence.map((e) => {
    const failed = e.errorCode
      ? ` The call failed with ${e.errorCode}; the failure itself is the evidence.`
      : '';
    return {
      uuid: id(`observation:${e.id}`),
      title: `${e.service}:${e.operation} (${e.id})`,
      description: `${e.service}:${e.operation} answer for account ${e.accountId}, region ${e.region}.${failed}`,
      props: [
        prop('evidence-id', e.id),
        prop('evidence-source', e.source),
        prop('account', e.accountId),
        prop('region', e.region),
      ],
      methods: [e.source === 'aws' ? 'TEST' : 'EXAMINE'],
      'relevant-evidence': [
        {
          href: pathReference(e.path),
          description: `Evidence record ${e.path}`,
          props: [
            prop(
              'record-sha256',
              e.sha256,
              "SHA-256 of the record's canonical JSON (sorted keys, no whitespace) without its sha256 field",
            ),
          ],
        },
      ],
      collected: e.collectedAt,
    };
  });
  const observationIds = new Set(results.evidence.map((e) => e.id));

  // Evidence ids per control, from its findings (bounded by the evidence index, not by the findings).
  const evidenceOf = new Map<string, Set<string>>();
  for await (const f of results.findings) {
    const key = `${f.frameworkId}\u0000${f.controlId}`;
    let set = evidenceOf.get(key);
    if (!set) {
      set = new Set();
      evidenceOf.set(key, set);
    }
    for (const e of f.evidence) if (observationIds.has(e)) set.add(e);
  }

  const summaryOf = (c: ControlResult) =>
    (catalog.frameworks.get(c.frameworkId) ?? profile.industryFramework)?.controls.find(
      (x) => x.id === c.controlId,
    )?.summary;
  const findings = controls.map((c) => {
    const related = [...(evidenceOf.get(`${c.frameworkId}\u0000${c.controlId}`) ?? [])].sort();
    const props = [
      prop('evidentia-status', c.status),
      prop('framework', c.frameworkId),
      prop('control-id', c.controlId),
      prop('responsibility', c.responsibility),
    ];
    if (c.severity) props.push(prop('severity', c.severity));
    const summary = summaryOf(c);
    const finding: Json = {
      uuid: id(`finding:${c.frameworkId}:${c.controlId}`),
      title: `${c.ref} — ${c.title}`,
      description: `${STATUS_MEANING[c.status]}. ${c.reason}`,
      props,
      target: {
        type: 'objective-id',
        'target-id': controlToken(c.frameworkId, c.controlId),
        title: c.ref,
        ...(summary ? { description: summary } : {}),
        status: targetStatus(c.status),
      },
    };
    if (related.length)
      finding['related-observations'] = related.map((e) => ({ 'observation-uuid': id(`observation:${e}`) }));
    return finding;
  });

  const planUuid = id('assessment-plan');
  const resources: Json[] = [
    {
      uuid: planUuid,
      title: `Assessment plan: Evidentia profile ${run.profile.name} (${run.profile.id})`,
      description:
        'The profile file that defined this assessment: frameworks, accounts, regions and collection settings.',
      rlinks: [
        {
          href: pathReference(run.profile.path),
          'media-type': 'application/yaml',
          hashes: [{ algorithm: 'SHA-256', value: run.profile.sha256 }],
        },
      ],
    },
    ...run.frameworks.map((f) => ({
      uuid: id(`framework-file:${f.id}`),
      title: `Framework file: ${f.name}, ${f.version}`,
      props: [prop('framework', f.id)],
      rlinks: [
        {
          href: pathReference(f.path),
          'media-type': 'application/yaml',
          hashes: [{ algorithm: 'SHA-256', value: f.sha256 }],
        },
      ],
    })),
  ];

  const result: Json = {
    uuid: id('result'),
    title: `Evidentia run ${run.runId}`,
    description: `Automated evidence collection and evaluation for profile ${run.profile.name} over ${run.scope.accounts.length} AWS account(s) in ${run.scope.regions.join(', ')}. Only PASS and INHERITED (a current AWS Artifact report) count as satisfied; errors, gaps and awaited attestations are not-satisfied.`,
    start: run.startedAt,
    ...(run.finishedAt ? { end: run.finishedAt } : {}),
    props: [prop('run-id', run.runId), prop('profile', run.profile.id), prop('run-status', run.status)],
    'reviewed-controls': {
      'control-selections': run.frameworks.map((f) => {
        const mine = controls.filter((c) => c.frameworkId === f.id);
        const sel: Json = { description: `${f.name}, ${f.version}`, props: [prop('framework', f.id)] };
        if (mine.length)
          sel['include-controls'] = mine.map((c) => ({
            'control-id': controlToken(c.frameworkId, c.controlId),
          }));
        else sel['include-all'] = {};
        return sel;
      }),
    },
  };
  if (observations.length) result.observations = observations;
  if (findings.length) result.findings = findings;

  return {
    'assessment-results': {
      uuid: id('assessment-results'),
      metadata: {
        title: `${profile.report.title ?? 'Compliance Evidence Report'} — ${run.organization}`,
        'last-modified': opts.generatedAt ?? finished,
        version: run.runId,
        'oscal-version': OSCAL_VERSION,
        props: [prop('tool', `${run.tool.name} ${run.tool.version}`)],
        parties: [{ uuid: id('party:organization'), type: 'organization', name: run.organization }],
      },
      'import-ap': {
        href: `#${planUuid}`,
        remarks:
          'Evidentia has no separate OSCAL assessment plan: the profile is the plan, described by this back-matter resource.',
      },
      results: [result],
      'back-matter': { resources },
    },
  };
}
