import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/finding.js';
import { csvCell } from '../../../src/render/csv/csv-cell.js';
import { FINDINGS_CSV_HEADER, renderFindingsCsv } from '../../../src/render/csv/findings-csv.js';
import type { ReportInput } from '../../../src/render/report-input.js';
import { sampleReportInput } from '../../fixtures/results/sample-run.js';
import { parseCsv } from '../../support/parse-csv.js';

let input: ReportInput<Finding[]>;
beforeAll(async () => {
  input = await sampleReportInput();
});

describe('findings.csv', () => {
  it('quotes every cell per RFC 4180 and neutralises formula starts', async () => {
    expect(csvCell('plain')).toBe('"plain"');
    expect(csvCell(42)).toBe('"42"');
    expect(csvCell(-3)).toBe('"-3"');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=SUM(A1:A9)')).toBe(`"'=SUM(A1:A9)"`);
    expect(csvCell('+cmd')).toBe(`"'+cmd"`);
    expect(csvCell('-1+1')).toBe(`"'-1+1"`);
    expect(csvCell('@SUM(1)')).toBe(`"'@SUM(1)"`);
    expect(csvCell('\tx')).toBe(`"'\tx"`);
    expect(csvCell(' =1')).toBe(`" '=1"`);
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    // issue 11: bare in a `;`-separated locale, `=1+2` was a cell of its own.
    expect(csvCell('x;=1+2;y')).toBe(`"x;'=1+2;y"`);
    expect(csvCell('x, -1')).toBe(`"x, '-1"`);
    expect(csvCell('x;"=1')).toBe(`"x;""'=1"`);
    expect(csvCell('ok-1 a+b x@y.org')).toBe('"ok-1 a+b x@y.org"');
  });

  it('leaves no formula start wherever a reader with another separator, or none for quotes, starts a cell', () => {
    // Every string of up to four characters over separators, blanks, quotes and formula characters.
    const alphabet = ['a', ',', ';', '\t', '\r', '\n', ' ', '"', '=', '-', '+', '@'];
    let values = [''];
    const all: string[] = [];
    for (let n = 1; n <= 4; n += 1) {
      values = values.flatMap((v) => alphabet.map((c) => v + c));
      all.push(...values);
    }
    for (const value of all) {
      const encoded = csvCell(value);
      // An RFC 4180 reader gets the value back, with only `'` added.
      const [[decoded] = []] = parseCsv(`${encoded}\r\n`);
      expect(decoded?.replaceAll("'", '')).toBe(value);
      // A reader may start a cell at the start of the text or after `,` `;` tab or a line break, honouring
      // quotes there or not, trimming blanks or not: the first real character is never a formula start.
      for (let i = 0; i <= encoded.length; i += 1) {
        if (i > 0 && !',;\t\r\n'.includes(encoded[i - 1] as string)) continue;
        const cell = encoded.slice(i).replace(/^[ "]*/, '');
        if (/^[=+\-@\t\r]/.test(cell))
          throw new Error(`${JSON.stringify(value)} → ${JSON.stringify(encoded)} at ${i}`);
      }
    }
    expect(all.length).toBeGreaterThan(20_000);
  });

  it('writes one row per finding, with the header first and CRLF line ends', async () => {
    const csv = await renderFindingsCsv(input.results);
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual([...FINDINGS_CSV_HEADER]);
    expect(rows).toHaveLength(input.results.findings.length + 1);
    expect(rows.every((r) => r.length === FINDINGS_CSV_HEADER.length)).toBe(true);
    const row = rows.find(
      (r) =>
        r[0] === 'hipaa-security' &&
        r[4] === 'config-rule:ENCRYPTED_VOLUMES' &&
        r[6] === '222222222222' &&
        r[7] === 'us-east-1',
    );
    expect(row).toEqual([
      'hipaa-security',
      '164.312(a)(2)(iv)',
      '45 CFR 164.312(a)(2)(iv)',
      'Encryption and decryption',
      'config-rule:ENCRYPTED_VOLUMES',
      'config-rule',
      '222222222222',
      'us-east-1',
      'FAIL',
      'high',
      '3 resources are NON_COMPLIANT with nw-encrypted-volumes (ENCRYPTED_VOLUMES) in 222222222222/us-east-1',
      '3',
      'vol-0a17c9e2b4d5f6011 vol-0a17c9e2b4d5f6012 vol-0b93e1d07c4a2f013',
      expect.stringMatching(/^ev-\d{6}( ev-\d{6})+$/),
      'decisive',
      'false',
      // A FAIL names no pack: only a rule that is not deployed does.
      '',
    ]);
  });

  it('survives hostile text: quotes, commas, line breaks and formulas come back as text', async () => {
    const base = input.results.findings[0]!;
    const hostile: Finding = {
      ...base,
      reason: '=cmd|\' /C calc\'!A0, "quoted"\r\nnext line',
      resources: [{ accountId: '1', region: 'r', resourceType: 't', resourceId: '@evil' }],
      failingCount: 30,
    };
    const rows = parseCsv(
      await renderFindingsCsv(
        { controls: input.results.controls, findings: [hostile] },
        { maxResourceIds: 1 },
      ),
    );
    expect(rows[1]?.[10]).toBe("'=cmd|' /C calc'!A0, \"quoted\"\r\nnext line");
    expect(rows[1]?.[12]).toBe("'@evil +29 more");
  });
});
