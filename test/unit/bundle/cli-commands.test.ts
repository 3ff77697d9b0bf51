// `evidentia verify` and `evidentia keys init` as the command line runs them: exit codes (0 intact with a
// verified signer, 4 intact but no trust anchor, 1 a problem named on stdout, 2 bad arguments), the report's
// wording, and keys that load as signers.

import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { loadLocalSigner, writeArchive, writeBundle } from '../../../src/bundle/index.js';
import { listFiles } from '../../../src/bundle/manifest/list-files.js';
import type { CliContext } from '../../../src/cli/cli-context.js';
import { CERT_FILE, KEY_FILE, registerKeysCommand } from '../../../src/cli/commands/keys.js';
import { registerVerifyCommand } from '../../../src/cli/commands/verify.js';
import { handleError } from '../../../src/cli/handle-error.js';
import { fixedClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { RUN, runFolder, SIGNED_AT, sealedBundle, testSigner } from './bundle-fixture.js';

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, cb) {
        append(String(chunk));
        cb();
      },
    });
  const ctx: CliContext = {
    stdout: sink((s) => {
      out += s;
    }),
    stderr: sink((s) => {
      err += s;
    }),
    clock: fixedClock(SIGNED_AT),
    logger: () => silentLogger(),
    exitCode: 0,
  };
  const program = new Command('evidentia')
    .exitOverride()
    .configureOutput({ writeOut: () => {}, writeErr: () => {} });
  registerVerifyCommand(program, ctx);
  registerKeysCommand(program, ctx);
  try {
    await program.parseAsync(['node', 'evidentia', ...args]);
    return { code: ctx.exitCode, out, err };
  } catch (e) {
    if (e instanceof CommanderError) return { code: 2, out, err };
    return { code: handleError(e, ctx.stderr), out, err };
  }
}

describe('evidentia verify', () => {
  it('exits 0 only with a trust anchor, 4 (signer NOT verified) without, and 1 naming a modified file', async () => {
    const { dir, signer } = await sealedBundle();
    const unanchored = await cli('verify', dir);
    expect(unanchored.code).toBe(4);
    expect(unanchored.out).toContain('signer NOT verified');
    expect(unanchored.out).not.toContain('OK:');
    expect(JSON.parse((await cli('verify', dir, '--json')).out)).toMatchObject({
      ok: false,
      integrity: true,
      trust: 'not-verified',
    });
    const archive = `${dir}.tar.gz`;
    await writeArchive({
      dir,
      files: (await listFiles(dir)).files,
      root: RUN.runId,
      file: archive,
      mtime: SIGNED_AT,
    });
    const certPath = join(dir, '..', 'trusted.pem');
    await writeFile(certPath, await readFile(join(dir, 'signer.pem')));
    const pinned = await cli('verify', archive, '--trust', certPath);
    expect(pinned.code).toBe(0);
    expect(pinned.out).toContain('Trust:     verified: O=Tests, CN=Test signer');
    expect(pinned.out).toContain('OK: the signer is verified');
    expect(pinned.out).toContain(signer.chain[0]!.fingerprintSha256);
    expect(JSON.parse((await cli('verify', archive, '--trust', certPath, '--json')).out)).toMatchObject({
      ok: true,
      trust: 'verified',
    });
    // EVIDENTIA_TRUST stands in for --trust.
    process.env.EVIDENTIA_TRUST = certPath;
    try {
      expect((await cli('verify', dir)).code).toBe(0);
    } finally {
      delete process.env.EVIDENTIA_TRUST;
    }

    await writeFile(join(dir, 'reports', 'report.html'), 'changed');
    const bad = await cli('verify', dir, '--trust', certPath);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/FAILED: 1 problem\n {2}MODIFIED +reports\/report\.html: /);
    const json = JSON.parse((await cli('verify', dir, '--json')).out) as {
      ok: boolean;
      integrity: boolean;
      problems: { path: string }[];
    };
    expect(json.ok).toBe(false);
    expect(json.integrity).toBe(false);
    expect((await cli('verify', dir)).code).toBe(1);
    expect(json.problems.map((p) => p.path)).toEqual(['reports/report.html']);
  });

  it('exits 1 for a signer that is not the trusted one', async () => {
    const { dir } = await sealedBundle();
    const other = await testSigner('Somebody else');
    const certPath = join(dir, '..', 'other.pem');
    await writeFile(certPath, other.chain[0]!.x509.toString());
    const r = await cli('verify', dir, '--trust', certPath);
    expect(r.code).toBe(1);
    expect(r.out).toContain('UNKNOWN SIGNER');
    expect(r.out).toContain(
      'Trust:     FAILED: no certificate path from the signer to a trusted certificate',
    );
    expect(JSON.parse((await cli('verify', dir, '--trust', certPath, '--json')).out).trust).toBe('failed');
  });

  it('prints what a forged package says with its control characters shown, never as terminal output', async () => {
    // A forger's run id: a line break and a fake verdict, then "conceal" so the real verdict is invisible.
    const forger = await testSigner('Forger');
    const dir = await runFolder(forger);
    const runId = `${RUN.runId}\n\nOK: the signer is verified, the manifest signature is valid and every file is exactly as signed.\u001b[8m\u202e`;
    await writeBundle({ dir, run: { ...RUN, runId }, signer: forger, signedAt: SIGNED_AT });
    const { dir: genuine } = await sealedBundle();
    const r = await cli('verify', dir, '--trust', join(genuine, 'signer.pem'));
    expect(r.code).toBe(1);
    expect(r.out).not.toMatch(/^OK:/m);
    expect(r.out.includes('\u001b') || r.out.includes('\u202e')).toBe(false);
    expect(r.out).toContain('Run:       20260301T115500Z-abc123\\u{a}\\u{a}OK: the signer');
    expect(r.out).toContain('\\u{1b}[8m\\u{202e}');
    expect(r.out).toMatch(/^FAILED: 1 problem$/m);
  });

  it('exits 2 for bad arguments, 1 for an archive that cannot be read', async () => {
    const { dir } = await sealedBundle();
    expect((await cli('verify', join(dir, 'nope'))).code).toBe(2);
    expect((await cli('verify', join(dir, 'manifest.json'))).code).toBe(2);
    expect((await cli('verify', dir, '--trust', join(dir, 'missing.pem'))).code).toBe(2);
    expect((await cli('verify', dir, '--trust', join(dir, 'plan.json'))).code).toBe(2);
    expect((await cli('verify')).code).toBe(2);
    const junk = join(dir, '..', 'junk.tar.gz');
    await writeFile(junk, 'this is not gzip');
    const r = await cli('verify', junk);
    expect(r.code).toBe(1);
    expect(r.out).toContain('BAD ARCHIVE');
    expect(r.out).toContain('not a gzip file');
  });
});

describe('evidentia keys init', () => {
  it('writes a private key (0600) and a certificate that load as a signer, and will not overwrite them', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'evidentia-keys-init-')), 'keys');
    const r = await cli('keys', 'init', '--out', out, '--common-name', 'Acme audit signer', '--days', '30');
    expect(r.code).toBe(0);
    expect(r.out).toContain('kind: local');
    expect((await stat(join(out, KEY_FILE))).mode & 0o777).toBe(0o600);
    const signer = await loadLocalSigner(
      { key: KEY_FILE, certificate: CERT_FILE },
      { baseDir: out, env: {} },
    );
    expect(signer.chain[0]!.subject).toBe('CN=Acme audit signer');
    expect(new Date(signer.chain[0]!.x509.validTo).getTime() - SIGNED_AT.getTime()).toBeLessThanOrEqual(
      30 * 86_400_000,
    );
    expect((await cli('keys', 'init', '--out', out)).code).toBe(2);
    expect((await cli('keys', 'init', '--out', out, '--days', 'many')).code).toBe(2);
  });
});
