import { readFileSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/finding.js';
import { packagePaths } from '../../../src/core/paths.js';
import { controlToken } from '../../../src/render/oscal/oscal-ids.js';
import { renderOscal, writeOscal } from '../../../src/render/oscal/render-oscal.js';
import { uuidV5 } from '../../../src/render/oscal/uuid-v5.js';
import type { ReportInput } from '../../../src/render/report-input.js';
import { sampleReportInput } from '../../fixtures/results/sample-run.js';

// ajv-formats is CommonJS; under NodeNext its default export is the module object or the plugin itself.
const addFormats = ((addFormatsPlugin as unknown as { default?: unknown }).default ?? addFormatsPlugin) as (
  ajv: Ajv,
) => Ajv;

let input: ReportInput<Finding[]>;
let validate: ValidateFunction;
beforeAll(async () => {
  input = await sampleReportInput();
  const schema = JSON.parse(
    readFileSync(join(packagePaths().reference, 'oscal', 'oscal_assessment-results_schema.json'), 'utf8'),
  ) as object;
  // The schema's token pattern uses \p{L}: ajv 8 compiles patterns with the Unicode flag by default.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: true });
  addFormats(ajv);
  validate = ajv.compile(schema);
});

type Doc = { 'assessment-results': Record<string, unknown> };
const ar = (doc: Doc) =>
  doc['assessment-results'] as {
    uuid: string;
    'import-ap': { href: string };
    results: {
      findings: {
        uuid: string;
        target: { 'target-id': string; status: { state: string; reason: string } };
        props: { name: string; value: string }[];
      }[];
      observations: { uuid: string }[];
    }[];
    'back-matter': { resources: { uuid: string; rlinks: { hashes: { value: string }[] }[] }[] };
  };

describe('renderOscal', () => {
  it('validates against the OSCAL 1.2.1 assessment-results schema', async () => {
    const doc = await renderOscal(input.results, input.catalog, input.profile);
    const ok = validate(doc);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('is rejected by the schema when it is wrong (the check can fail)', async () => {
    const doc = (await renderOscal(input.results, input.catalog, input.profile)) as Doc;
    ar(doc).results[0]!.findings[0]!.target.status.state = 'maybe';
    expect(validate(doc)).toBe(false);
  });

  it('marks a control satisfied only when it is met (PASS or INHERITED)', async () => {
    const doc = ar(await renderOscal(input.results, input.catalog, input.profile));
    const findings = doc.results[0]!.findings;
    expect(findings).toHaveLength(input.results.controls.length);
    const byStatus = new Map<string, Set<string>>();
    for (const f of findings) {
      const status = f.props.find((p) => p.name === 'evidentia-status')!.value;
      const set = byStatus.get(status) ?? new Set();
      set.add(`${f.target.status.state}/${f.target.status.reason}`);
      byStatus.set(status, set);
    }
    expect(Object.fromEntries([...byStatus].map(([k, v]) => [k, [...v]]))).toEqual({
      PASS: ['satisfied/pass'],
      INHERITED: ['satisfied/pass'],
      FAIL: ['not-satisfied/fail'],
      ERROR: ['not-satisfied/other'],
      NOT_EVALUATED: ['not-satisfied/other'],
      MANUAL: ['not-satisfied/other'],
    });
    expect(findings.map((f) => f.target['target-id'])).toContain('hipaa-security_164.312_a_2_iv');
  });

  it('uses UUID v5 identifiers derived from the run, so the same run gives the same document', async () => {
    const a = await renderOscal(input.results, input.catalog, input.profile);
    expect(await renderOscal(input.results, input.catalog, input.profile)).toEqual(a);
    const other = await renderOscal(
      { ...input.results, run: { ...input.results.run, runId: '20261130T020000Z-000000' } },
      input.catalog,
      input.profile,
    );
    expect(ar(other).uuid).not.toBe(ar(a).uuid);
    expect(ar(a).uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ar(a).results[0]!.observations).toHaveLength(input.results.evidence.length);
  });

  it('points import-ap at a back-matter resource for the profile, with its hash', async () => {
    const doc = ar(await renderOscal(input.results, input.catalog, input.profile));
    const id = doc['import-ap'].href.replace(/^#/, '');
    const plan = doc['back-matter'].resources.find((r) => r.uuid === id);
    expect(plan?.rlinks[0]?.hashes[0]?.value).toBe(input.profile.source.sha256);
  });

  it('writes to a file the same document it renders, observations streamed', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'evidentia-oscal-')), 'ar.json');
    await writeOscal(path, input.results, input.catalog, input.profile);
    const text = await readFile(path, 'utf8');
    const doc = await renderOscal(input.results, input.catalog, input.profile);
    expect(text).toBe(`${JSON.stringify(doc, null, 2)}\n`);
  });

  it('links at most the cap of related observations per control, and states the exact total', async () => {
    const full = ar(await renderOscal(input.results, input.catalog, input.profile));
    const cappedDoc = await renderOscal(input.results, input.catalog, input.profile, {
      relatedObservations: 2,
    });
    const capped = ar(cappedDoc);
    type F = { uuid: string; props: { name: string; value: string }[]; 'related-observations'?: unknown[] };
    const fullFindings = full.results[0]!.findings as F[];
    const cappedFindings = capped.results[0]!.findings as F[];
    const over = fullFindings.filter((f) => (f['related-observations']?.length ?? 0) > 2);
    expect(over.length).toBeGreaterThan(0);
    for (const f of cappedFindings) {
      const before = fullFindings.find((x) => x.uuid === f.uuid)!;
      const total = before['related-observations']?.length ?? 0;
      expect(f['related-observations']?.length ?? 0).toBe(Math.min(total, 2));
      const stated = f.props.find((p) => p.name === 'evidence-records');
      expect(stated?.value).toBe(total > 2 ? String(total) : undefined);
      expect(before.props.some((p) => p.name === 'evidence-records')).toBe(false);
    }
    validate(cappedDoc);
    expect(validate.errors ?? []).toEqual([]);
  });

  it('computes RFC 4122 version 5 UUIDs and OSCAL tokens', async () => {
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
    expect(uuidV5('6ba7b811-9dad-11d1-80b4-00c04fd430c8', 'https://evidentia.example/ü')).toBe(
      '50497f72-3438-53b7-b240-6fd4e14e3545',
    );
    expect(controlToken('gdpr', 'Art.32(1)(a)')).toBe('gdpr_Art.32_1_a');
    expect(controlToken('27001', 'A 8.24')).toBe('_27001_A_8.24');
  });
});
