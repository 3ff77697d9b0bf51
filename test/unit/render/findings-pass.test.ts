// The one pass over the findings (render/findings-pass.ts): writeReports reads findings.jsonl once, and what
// each consumer makes from it is what that consumer made reading the findings on its own — findings.csv
// equal to the row-by-row generator and to the old line code, the OSCAL document equal to one rendered
// from its own pass, the view model equal to one built by its own scan.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/finding.js';
import type { FindingSource, RunResults } from '../../../src/core/run-result.js';
import { csvCell, csvLine } from '../../../src/render/csv/csv-cell.js';
import {
  FINDINGS_CSV_HEADER,
  FindingsCsvWriter,
  renderFindingsCsv,
} from '../../../src/render/csv/findings-csv.js';
import { passFindings } from '../../../src/render/findings-pass.js';
import { renderHtml } from '../../../src/render/html/render-html.js';
import { writeOscal } from '../../../src/render/oscal/render-oscal.js';
import type { ReportInput } from '../../../src/render/report-input.js';
import { buildReportView } from '../../../src/render/view-model.js';
import { writeReports } from '../../../src/render/write-reports.js';
import { FindingsFile } from '../../../src/store/findings-file.js';
import { digestResults, RunDigestBuilder } from '../../../src/store/run-digest.js';
import { sampleReportInput } from '../../fixtures/results/sample-run.js';

let dir: string;
let input: ReportInput<Finding[]>;
let findingsPath: string;

/** The findings of `path`, counting how many times a pass over them was started. */
function countedSource(path: string, count: number): { source: FindingSource; passes: () => number } {
  let passes = 0;
  const inner = FindingsFile.source(path, count);
  return {
    source: {
      [Symbol.asyncIterator]: () => {
        passes += 1;
        return inner[Symbol.asyncIterator]();
      },
    },
    passes: () => passes,
  };
}

/** The findings.csv line code as it was before the one pass (cells gathered in an array, then csvLine). */
function oldCsv(
  results: Pick<RunResults, 'controls' | 'findings'>,
  max = 20,
  packs: ReadonlyMap<string, string> = new Map(),
): string {
  const titles = new Map(results.controls.map((c) => [`${c.frameworkId}\u0000${c.controlId}`, c.title]));
  let out = csvLine(FINDINGS_CSV_HEADER);
  for (const f of results.findings) {
    const ids = f.resources.slice(0, max).map((r) => r.resourceId);
    const unlisted = Math.max(f.failingCount, f.resources.length) - ids.length;
    if (unlisted > 0) ids.push(`+${unlisted} more`);
    out += csvLine([
      f.frameworkId,
      f.controlId,
      f.ref,
      titles.get(`${f.frameworkId}\u0000${f.controlId}`) ?? '',
      f.queryKey,
      f.kind,
      f.accountId,
      f.region,
      f.status,
      f.severity ?? '',
      f.reason,
      f.failingCount,
      ids.join(' '),
      f.evidence.join(' '),
      f.role ?? 'decisive',
      f.failingCountAtLeast ? 'true' : 'false',
      // deploy_pack: for a decisive managed rule found not deployed, the pack that deploys it.
      f.kind === 'config-rule' && f.status === 'NOT_EVALUATED' && f.notDeployed && f.role !== 'supporting'
        ? (packs.get(f.queryKey.slice('config-rule:'.length)) ?? '')
        : '',
    ]);
  }
  return out;
}

/** csvCell as it was before its fast path: the three replacements on every text. */
function oldCsvCell(value: string | number): string {
  const s =
    typeof value === 'number' && Number.isFinite(value)
      ? String(value)
      : String(value)
          .replace(/^([ "]*)(?=[=+\-@\t\r])/, "$1'")
          .replace(/([,;\t\r\n][ "]*)(?=[=+\-@\t\r])/g, "$1'");
  return `"${s.replace(/"/g, '""')}"`;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'evidentia-findings-pass-'));
  input = await sampleReportInput();
  // Edge cases of the CSV's resource column: more resources than listed, and a count above the list.
  const [first, second] = input.results.findings;
  const resources = Array.from({ length: 25 }, (_, i) => ({
    accountId: first!.accountId,
    region: first!.region,
    resourceType: 'AWS::S3::Bucket',
    resourceId: i === 3 ? '=cmd|x' : `bucket-${i}`,
  }));
  input.results.findings.push(
    { ...first!, status: 'FAIL', resources, failingCount: 40, failingCountAtLeast: true },
    { ...second!, status: 'FAIL', resources: [], failingCount: 7, reason: 'x;=1+2, "quoted"\nnext' },
  );
  const file = new FindingsFile(join(dir, 'findings.jsonl'));
  await file.append(input.results.findings);
  await file.close();
  findingsPath = file.path;
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('one pass over the findings', () => {
  it('reads findings.jsonl once for every format, and each file is what its format wrote alone', async () => {
    const count = input.results.findings.length;
    const together = countedSource(findingsPath, count);
    const streamed: ReportInput = { ...input, results: { ...input.results, findings: together.source } };
    const out = join(dir, 'together');
    await writeReports(streamed, out, { formats: ['html', 'csv', 'oscal'] });
    expect(together.passes()).toBe(1);

    // Each consumer alone, reading the findings itself.
    const alone = countedSource(findingsPath, count);
    const aloneInput: ReportInput = { ...input, results: { ...input.results, findings: alone.source } };
    const csv = await renderFindingsCsv(aloneInput.results);
    const oscalPath = join(dir, 'alone.oscal.json');
    await writeOscal(oscalPath, aloneInput.results, input.catalog, input.profile);
    const view = await buildReportView(aloneInput);
    expect(alone.passes()).toBe(3);

    expect(await readFile(join(out, 'findings.csv'), 'utf8')).toBe(csv);
    expect(csv).toBe(oldCsv(input.results));
    expect(await readFile(join(out, 'assessment-results.oscal.json'), 'utf8')).toBe(
      await readFile(oscalPath, 'utf8'),
    );
    expect(await readFile(join(out, 'report.html'), 'utf8')).toBe(renderHtml(view));
  });

  it("feeds the run history's digest from the same pass, and asks for the history only after it", async () => {
    const count = input.results.findings.length;
    const together = countedSource(findingsPath, count);
    const streamed: ReportInput = { ...input, results: { ...input.results, findings: together.source } };
    const digester = new RunDigestBuilder();
    let seenWhenAsked = -1;
    await writeReports(streamed, join(dir, 'with-digest'), {
      formats: ['html'],
      feed: [digester],
      history: async () => {
        seenWhenAsked = digester.count;
        return undefined;
      },
    });
    expect(together.passes()).toBe(1);
    expect(seenWhenAsked).toBe(count);
    expect(digester.digest(input.results.controls)).toEqual(await digestResults(input.results));
  });

  it('quotes every cell as the three replacements did, fast path or not', () => {
    const alphabet = ['a', '1', ',', ';', '\t', '\r', '\n', ' ', '"', '=', '-', '+', '@', "'", 'é'];
    let values = [''];
    const all: string[] = [''];
    for (let n = 1; n <= 4; n += 1) {
      values = values.flatMap((v) => alphabet.map((c) => v + c));
      all.push(...values);
    }
    for (const value of all) expect(csvCell(value), JSON.stringify(value)).toBe(oldCsvCell(value));
    for (const n of [0, -1, 3.5, 1e21, Number.NaN, Number.POSITIVE_INFINITY])
      expect(csvCell(n)).toBe(oldCsvCell(n));
  });

  it('waits for the file when its buffer is full, and the file holds every line in order', async () => {
    const many: Finding[] = [];
    for (let i = 0; i < 300; i += 1)
      for (const f of input.results.findings) many.push({ ...f, accountId: String(100000000000 + i) });
    const path = join(dir, 'many.csv');
    const writer = new FindingsCsvWriter(path, input.results.controls);
    let waits = 0;
    await passFindings(many, [
      {
        add: (f) => {
          const wait = writer.add(f);
          if (wait) waits += 1;
          return wait;
        },
      },
    ]);
    await writer.close();
    expect(waits).toBeGreaterThan(0);
    expect(await readFile(path, 'utf8')).toBe(oldCsv({ controls: input.results.controls, findings: many }));
  });

  it('never keeps a cell from the last finding when the next one differs in any of its fields', async () => {
    // findings.csv keeps runs of cells encoded while consecutive findings repeat them: each finding below
    // repeats the one before except for one field (and the control cells repeat across far-apart findings).
    const base: Finding = {
      ...input.results.findings[0]!,
      resources: [1, 2].map((i) => ({
        accountId: '111111111111',
        region: 'us-east-1',
        resourceType: 'AWS::S3::Bucket',
        resourceId: `b-${i}`,
      })),
      failingCount: 2,
      evidence: ['ev-1', 'ev-2'],
    };
    const changes: Partial<Finding>[] = [
      {},
      { queryKey: 'config-rule:OTHER' },
      { kind: 'config-query' },
      { accountId: '222222222222' },
      { region: 'eu-west-1' },
      { status: 'FAIL' },
      { severity: 'critical' },
      { reason: 'another reason, =1+1' },
      { failingCount: 3 },
      { resources: [{ ...base.resources[0]!, resourceId: 'b-9' }, base.resources[1]!] },
      { resources: base.resources.slice(0, 1) },
      { evidence: ['ev-1', 'ev-3'] },
      { evidence: ['ev-1'] },
      { role: 'supporting' },
      { failingCountAtLeast: true },
      { ref: 'another ref' },
      { controlId: input.results.findings.at(-1)!.controlId },
      { frameworkId: 'another-framework' },
      // A control of another framework, with its own title.
      ...input.results.controls
        .filter((c) => c.frameworkId !== base.frameworkId)
        .slice(0, 1)
        .map((c) => ({ frameworkId: c.frameworkId, controlId: c.controlId, ref: c.ref })),
      // A rule found not deployed names its pack; the same finding as supporting evidence does not.
      { queryKey: 'config-rule:MISSING_RULE', status: 'NOT_EVALUATED', notDeployed: true },
      {
        queryKey: 'config-rule:MISSING_RULE',
        status: 'NOT_EVALUATED',
        notDeployed: true,
        role: 'supporting',
      },
      { queryKey: 'config-rule:OTHER_MISSING', status: 'NOT_EVALUATED', notDeployed: true },
    ];
    const findings: Finding[] = [];
    for (const change of changes) findings.push({ ...base, ...change }, { ...base, ...change }, base);
    const path = join(dir, 'repeats.csv');
    const packs = new Map([
      ['MISSING_RULE', 'evidentia-missing-1'],
      ['OTHER_MISSING', 'evidentia-missing-2'],
    ]);
    expect(changes.some((c) => c.frameworkId && c.frameworkId !== 'another-framework')).toBe(true);
    const writer = new FindingsCsvWriter(path, input.results.controls, {
      maxResourceIds: 1,
      deployPackOf: packs,
    });
    await passFindings(findings, [writer]);
    await writer.close();
    const expected = oldCsv({ controls: input.results.controls, findings }, 1, packs);
    expect(expected).toContain('evidentia-missing-2');
    expect(await readFile(path, 'utf8')).toBe(expected);
  });

  it('fails, and does not hang, when findings.csv cannot be written', async () => {
    const writer = new FindingsCsvWriter(join(dir, 'missing', 'findings.csv'), input.results.controls);
    const many = Array.from({ length: 2000 }, () => input.results.findings).flat();
    await expect(
      (async () => {
        await passFindings(many, [writer]);
        await writer.close();
      })(),
    ).rejects.toThrow(/ENOENT/);
  });

  it('a cut-off findings file fails the pass (FINDINGS_INCOMPLETE), as it failed each reader', async () => {
    const short = FindingsFile.source(findingsPath, input.results.findings.length + 1);
    await expect(
      writeReports({ ...input, results: { ...input.results, findings: short } }, join(dir, 'cut'), {
        formats: ['csv', 'oscal'],
      }),
    ).rejects.toThrow(/results.json says/);
  });
});
