// The Statement of Applicability of an ISO/IEC 27001:2022 run: the real framework, a profile that excludes one
// Annex A control, the real pipeline against the demo organisation, and the CSV the package carries.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packagePaths } from '../../../src/core/paths.js';
import type { RunResults } from '../../../src/core/run-result.js';
import { demoWorld, type Emulator, startEmulator } from '../../../src/emulator/index.js';
import { SOA_CSV, SOA_CSV_HEADER } from '../../../src/render/csv/soa-csv.js';
import { parseCsv } from '../../support/parse-csv.js';
import { catalogWith, runAgainst } from '../../support/run-against-emulator.js';

const JUSTIFICATION = 'All software is developed in house; no development is outsourced.';
const profile = `type: profile
id: isms
name: ISMS
organization: { name: Example Health }
frameworks:
  - id: iso27001-2022
    notApplicable:
      - control: A.8.30
        justification: ${JUSTIFICATION}
        approver: ciso@example-health.org
        date: 2026-10-15
scope:
  accounts: ['222222222222']
  regions: [us-east-1]
  role: { name: EvidentiaAuditRole }
`;

describe('the Statement of Applicability', () => {
  let emulator: Emulator;
  let results: RunResults;
  let rows: string[][];
  let dir: string;

  beforeAll(async () => {
    emulator = await startEmulator({ world: demoWorld() });
    const iso = await readFile(join(packagePaths().frameworks, 'iso27001-2022.yaml'), 'utf8');
    const run = await runAgainst(emulator, await catalogWith(iso, profile));
    expect(run.outcome.error?.message).toBeUndefined();
    results = run.results!;
    dir = run.outcome.dir;
    rows = parseCsv(await readFile(join(dir, 'reports', SOA_CSV), 'utf8'));
  });
  afterAll(() => emulator?.close());

  it('lists every Annex A control once, and nothing else', () => {
    const annexA = results.controls.filter((c) => /^A\.\d+\.\d+$/.test(c.controlId)).map((c) => c.controlId);
    expect(annexA.length).toBeGreaterThanOrEqual(93);
    expect(rows[0]).toEqual([...SOA_CSV_HEADER]);
    expect(rows.slice(1).map((r) => r[0])).toEqual(annexA);
  });

  it('states the excluded control as not applicable, with its justification, approver and date', () => {
    const row = rows.find((r) => r[0] === 'A.8.30')!;
    const col = (name: (typeof SOA_CSV_HEADER)[number]) => row[SOA_CSV_HEADER.indexOf(name)];
    expect(col('applicable')).toBe('no');
    expect(col('justification')).toBe(JUSTIFICATION);
    expect(col('approver')).toBe('ciso@example-health.org');
    expect(col('approved_on')).toBe('2026-10-15');
    expect(col('implementation_status')).toBe('NOT_APPLICABLE');
  });

  it('gives every applicable control its verdict from this run and its evidence with their roles', () => {
    const byId = new Map(results.controls.map((c) => [c.controlId, c]));
    for (const r of rows.slice(1).filter((x) => x[0] !== 'A.8.30')) {
      const c = byId.get(r[0]!)!;
      expect(r[SOA_CSV_HEADER.indexOf('applicable')]).toBe('yes');
      expect(r[SOA_CSV_HEADER.indexOf('implementation_status')], r[0]).toBe(c.status);
      expect(r[SOA_CSV_HEADER.indexOf('status_reason')]).toBe(c.reason);
      expect(r[SOA_CSV_HEADER.indexOf('evidence')]).toMatch(/^[a-z-]+:\S.* \((decisive|supporting)\)/);
    }
  });

  it('is part of the signed package', async () => {
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as {
      files: { path: string }[];
    };
    expect(manifest.files.map((f) => f.path)).toContain(`reports/${SOA_CSV}`);
  });
});
