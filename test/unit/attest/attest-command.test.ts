// `evidentia attest`: a good request copies the document and writes a record that the collector reads back
// intact; bad input (unknown framework or control, a control without manual evidence, no such file, a bad
// owner, validity or date) exits 2 with a clear message and writes nothing.

import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Command } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { readAttestationFolder } from '../../../src/attest/read-attestations.js';
import type { CliContext } from '../../../src/cli/cli-context.js';
import { registerAttestCommand } from '../../../src/cli/commands/attest.js';
import { handleError } from '../../../src/cli/handle-error.js';
import { fixedClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';

function sink(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

/** Run `evidentia attest …` in process; resolves with the exit code and what was printed. */
async function attest(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = sink();
  const err = sink();
  const ctx: CliContext = {
    stdout: out.stream,
    stderr: err.stream,
    clock: fixedClock('2026-11-01T12:00:00Z'),
    logger: () => silentLogger(),
    exitCode: 0,
  };
  const program = new Command('evidentia')
    .exitOverride()
    .configureOutput({ writeErr: () => {}, writeOut: () => {} });
  registerAttestCommand(program, ctx);
  let code: number;
  try {
    await program.parseAsync(['node', 'evidentia', 'attest', ...args]);
    code = ctx.exitCode;
  } catch (e) {
    code = (e as { code?: string }).code?.startsWith('commander.') ? 2 : handleError(e, err.stream);
  }
  return { code, out: out.text(), err: err.text() };
}

describe('evidentia attest', () => {
  let dir: string;
  let doc: string;

  beforeAll(async () => {
    const base = await mkdtemp(join(tmpdir(), 'evidentia-attest-'));
    dir = join(base, 'attestations');
    doc = join(base, 'Training records 2026.pdf');
    await writeFile(doc, '%PDF-1.4 training records\n');
  });

  it('records the document with its SHA-256, owner, date and expiry, in the documented layout', async () => {
    const r = await attest([
      'hipaa-security:164.308(a)(5)(i)',
      '--file',
      doc,
      '--owner',
      'hr@example.org',
      '--note',
      'LMS export',
      '--valid-days',
      '200',
      '--date',
      '2026-10-15',
      '--dir',
      dir,
    ]);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toContain(
      'Recorded attestation for hipaa-security 164.308(a)(5)(i) by hr@example.org, valid until 2027-05-03',
    );
    const folder = join(dir, 'hipaa-security', '164.308-a-5-i');
    expect((await readdir(folder)).sort()).toEqual([
      '2026-10-15-Training-records-2026.pdf',
      '2026-10-15-Training-records-2026.pdf.attestation.yaml',
    ]);
    const record = await readFile(
      join(folder, '2026-10-15-Training-records-2026.pdf.attestation.yaml'),
      'utf8',
    );
    expect(record).toContain('framework: hipaa-security');
    expect(record).toContain('control: 164.308(a)(5)(i)');
    const read = await readAttestationFolder(dir);
    expect(read.found).toHaveLength(1);
    expect(read.found[0]).toMatchObject({
      attestation: {
        type: 'attestation',
        framework: 'hipaa-security',
        control: '164.308(a)(5)(i)',
        file: '2026-10-15-Training-records-2026.pdf',
        bytes: 26,
        mediaType: 'application/pdf',
        owner: 'hr@example.org',
        attestedAt: '2026-10-15T00:00:00.000Z',
        validDays: 200,
        expiresAt: '2027-05-03T00:00:00.000Z',
        note: 'LMS export',
      },
      document: { present: true, intact: true },
    });
    expect(read.found[0]?.attestation?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("defaults to now and the control's maxAgeDays, and never overwrites an earlier attestation", async () => {
    const r = await attest([
      'hipaa-security:164.316(a)',
      '-f',
      doc,
      '--owner',
      'ciso@example.org',
      '--dir',
      dir,
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('valid until 2027-11-01');
    const again = await attest([
      'hipaa-security:164.316(a)',
      '-f',
      doc,
      '--owner',
      'ciso@example.org',
      '--dir',
      dir,
    ]);
    expect(again.code).toBe(0);
    expect((await readdir(join(dir, 'hipaa-security', '164.316-a'))).sort()).toEqual([
      '2026-11-01-Training-records-2026-2.pdf',
      '2026-11-01-Training-records-2026-2.pdf.attestation.yaml',
      '2026-11-01-Training-records-2026.pdf',
      '2026-11-01-Training-records-2026.pdf.attestation.yaml',
    ]);
  });

  it.each([
    [['nope:1'], "unknown framework 'nope'"],
    [['hipaa-security:999.9'], "framework 'hipaa-security' has no control '999.9'"],
    [['hipaa-security'], 'expected <framework>:<control>'],
    [['hipaa-security:164.312(b)'], 'asks for no manual evidence'],
    [['hipaa-security:164.316(a)', '--file', '/no/such/file.pdf'], 'cannot read /no/such/file.pdf: ENOENT'],
    [
      ['hipaa-security:164.316(a)', '--owner', 'alice'],
      "expected the e-mail address of the person attesting, got 'alice'",
    ],
    [['hipaa-security:164.316(a)', '--valid-days', '0'], 'expected a whole number of days from 1 to 3650'],
    [['hipaa-security:164.316(a)', '--valid-days', 'ten'], 'expected a whole number of days from 1 to 3650'],
    [
      ['hipaa-security:164.316(a)', '--date', '2027-01-01'],
      'the attestation date 2027-01-01 is in the future',
    ],
    [
      ['hipaa-security:164.316(a)', '--date', 'yesterday'],
      "expected an ISO date such as 2026-10-15, got 'yesterday'",
    ],
  ])('refuses %j with exit code 2', async (args, message) => {
    const bad = await mkdtemp(join(tmpdir(), 'evidentia-attest-bad-'));
    const [target, ...rest] = args as string[];
    const flags = [...rest];
    if (!flags.includes('--file')) flags.push('--file', doc);
    if (!flags.includes('--owner')) flags.push('--owner', 'alice@example.org');
    const r = await attest([target as string, ...flags, '--dir', bad]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(await readdir(bad)).toEqual([]);
  });

  it('requires --file and --owner', async () => {
    expect((await attest(['hipaa-security:164.316(a)', '--owner', 'a@b.org'])).code).toBe(2);
    expect((await attest(['hipaa-security:164.316(a)', '--file', doc])).code).toBe(2);
  });
});
