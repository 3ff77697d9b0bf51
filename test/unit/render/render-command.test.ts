import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import type { CliContext } from '../../../src/cli/cli-context.js';
import { registerRenderCommand } from '../../../src/cli/commands/render.js';
import { fixedClock } from '../../../src/core/clock.js';
import { InputError } from '../../../src/core/errors.js';
import { silentLogger } from '../../../src/core/logger.js';
import { REPORT_FILES } from '../../../src/render/write-reports.js';
import { SAMPLE_PROFILE_PATH, SAMPLE_ROOT, sampleReportInput } from '../../fixtures/results/sample-run.js';
import { writeResults } from '../../support/write-results.js';

function cli() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => {
    out += c.toString();
  });
  stderr.on('data', (c: Buffer) => {
    err += c.toString();
  });
  const ctx: CliContext = {
    stdout,
    stderr,
    clock: fixedClock('2026-11-30T00:00:00Z'),
    logger: silentLogger,
    exitCode: 0,
  };
  const program = new Command('evidentia').exitOverride();
  registerRenderCommand(program, ctx);
  return { program, ctx, out: () => out, err: () => err };
}

async function runFolder(): Promise<string> {
  const { results } = await sampleReportInput();
  const dir = mkdtempSync(join(tmpdir(), 'evidentia-run-'));
  await writeResults(dir, results);
  return dir;
}

describe('evidentia render', () => {
  it('re-renders every format from a run folder into <run>/reports', async () => {
    const dir = await runFolder();
    const { program, out } = cli();
    await program.parseAsync(
      ['render', dir, '--catalog-root', SAMPLE_ROOT, '--profile', SAMPLE_PROFILE_PATH],
      { from: 'user' },
    );
    for (const name of Object.values(REPORT_FILES))
      expect(existsSync(join(dir, 'reports', name)), name).toBe(true);
    expect(
      readFileSync(join(dir, 'reports', 'report.pdf'))
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    expect(out()).toContain(join(dir, 'reports', 'report.html'));
  });

  it('renders only the formats asked for, where asked', async () => {
    const dir = await runFolder();
    const out = join(dir, 'elsewhere');
    const { program } = cli();
    await program.parseAsync(
      [
        'render',
        dir,
        '--formats',
        'csv,oscal',
        '--out',
        out,
        '--catalog-root',
        SAMPLE_ROOT,
        '--profile',
        SAMPLE_PROFILE_PATH,
      ],
      {
        from: 'user',
      },
    );
    expect(existsSync(join(out, 'findings.csv'))).toBe(true);
    expect(existsSync(join(out, 'assessment-results.oscal.json'))).toBe(true);
    expect(existsSync(join(out, 'report.pdf'))).toBe(false);
  });

  it('rejects an unknown format and a folder without results.json as bad input', async () => {
    const dir = await runFolder();
    await expect(
      cli().program.parseAsync(['render', dir, '--formats', 'html,docx'], { from: 'user' }),
    ).rejects.toBeInstanceOf(InputError);
    const empty = mkdtempSync(join(tmpdir(), 'evidentia-empty-'));
    await expect(cli().program.parseAsync(['render', empty], { from: 'user' })).rejects.toThrow(
      /no results.json/,
    );
  });

  it('refuses to re-render into a sealed bundle unless told where else to write', async () => {
    const dir = await runFolder();
    writeFileSync(join(dir, 'manifest.json'), '{}');
    await expect(cli().program.parseAsync(['render', dir], { from: 'user' })).rejects.toThrow(
      /sealed, signed bundle/,
    );
    expect(existsSync(join(dir, 'reports'))).toBe(false);
  });
});
