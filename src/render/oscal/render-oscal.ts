// renderOscal: a run → an OSCAL 1.2.1 assessment-results document. One result per run; one observation
// per evidence record (with the record's SHA-256); one finding per control, its target satisfied only when
// the control is met (PASS or INHERITED). Identifiers are UUID v5 derived from the run id, so the same
// run always renders the same document.
//
// import-ap: Evidentia has no separate OSCAL assessment plan; the profile is the plan. `import-ap.href`
// points (`#<uuid>`) to a back-matter resource naming the profile file and its SHA-256.

import type { Catalog, Profile } from '../../catalog/types.js';
import type { ControlResult } from '../../core/finding.js';
import type { EvidenceIndexEntry, FindingSource, RunResults } from '../../core/run-result.js';
import { isMet, STATUS_MEANING, type Status } from '../../core/status.js';
import { jsonText, StreamedArray, writeJsonFile } from '../../core/streamed-json.js';
import { ControlEvidence } from './control-evidence.js';
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
  /** Related observations linked per control (the count is always exact); default 500. */
  relatedObservations?: number;
  /**
   * The evidence records of each control, already gathered by the one pass over the findings that also
   * feeds the view model and the CSV (`render/findings-pass.ts`); without it, the findings are read here.
   */
  evidence?: ControlEvidence;
}

type OscalDocument = { 'assessment-results': Json };

/** Write the assessment-results document to `path`; observations are made while it is written. */
export async function writeOscal(
  path: string,
  results: RunResults<FindingSource>,
  catalog: Catalog,
  profile: Profile,
  opts: RenderOscalOptions = {},
): Promise<void> {
  await writeJsonFile(path, await oscalDocument(results, catalog, profile, opts));
}

/** The assessment-results document as a plain JSON object (small runs and tests). */
export async function renderOscal(
  results: RunResults<FindingSource>,
  catalog: Catalog,
  profile: Profile,
  opts: RenderOscalOptions = {},
): Promise<OscalDocument> {
  return JSON.parse(await jsonText(await oscalDocument(results, catalog, profile, opts))) as OscalDocument;
}

/** The evidence records of each control, from a pass of its own over the findings. */
async function gatherEvidence(results: RunResults<FindingSource>): Promise<ControlEvidence> {
  const evidence = new ControlEvidence(results.evidence);
  for await (const f of results.findings) evidence.add(f);
  return evidence;
}

/** The document, its observations a StreamedArray; reads the findings in one pass unless given them. */
async function oscalDocument(
  results: RunResults<FindingSource>,
  catalog: Catalog,
  profile: Profile,
  opts: RenderOscalOptions,
): Promise<OscalDocument> {
  const { run } = results;
  const limit = opts.relatedObservations ?? 500;
  const ns = uuidV5(EVIDENTIA_OSCAL_NAMESPACE, `run:${run.runId}`);
  const id = (name: string) => uuidV5(ns, name);
  const finished = run.finishedAt ?? run.startedAt;
  const frameworks = new Set(run.frameworks.map((f) => f.id));
  const controls = results.controls.filter((c) => frameworks.has(c.frameworkId));

  // One observation per evidence record, made while the document is written (109,271 at 1,000 accounts).
  const observation = (e: EvidenceIndexEntry): Json => {
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
  };

  // Evidence records per control, from its findings (bounded by the evidence index, not by the findings).
  const evidenceOf = opts.evidence ?? (await gatherEvidence(results));

  const summaryOf = (c: ControlResult) =>
    (catalog.frameworks.get(c.frameworkId) ?? profile.industryFramework)?.controls.find(
      (x) => x.id === c.controlId,
    )?.summary;
  // One finding per control, made while the document is written: with up to `limit` related observations
  // each, the findings of 571 controls held whole were some 45 MiB at 1,000 accounts.
  const finding = (c: ControlResult): Json => {
    const related = evidenceOf.of(c.frameworkId, c.controlId, limit);
    const props = [
      prop('evidentia-status', c.status),
      prop('framework', c.frameworkId),
      prop('control-id', c.controlId),
      prop('responsibility', c.responsibility),
    ];
    if (c.severity) props.push(prop('severity', c.severity));
    if (related.total > related.ids.length)
      props.push(
        prop(
          'evidence-records',
          String(related.total),
          `This control rests on ${related.total} evidence records; the first ${related.ids.length} are linked as related observations. Every record is an observation of this result, and findings.csv (evidence_ids) and findings.jsonl link each finding to its records.`,
        ),
      );
    const summary = summaryOf(c);
    const out: Json = {
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
    if (related.ids.length)
      out['related-observations'] = related.ids.map((e) => ({
        'observation-uuid': id(`observation:${e}`),
      }));
    return out;
  };

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
  if (results.evidence.length)
    result.observations = new StreamedArray(function* () {
      for (const e of results.evidence) yield observation(e);
    });
  if (controls.length)
    result.findings = new StreamedArray(function* () {
      for (const c of controls) yield finding(c);
    });

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
