// `evidentia verify <archive-or-folder> [--trust <cert.pem>]`: check a signed audit package and say exactly
// what is wrong. Exit 0 only when everything holds, 1 when something does not, 2 for bad arguments.

import { stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { openBundle, readTrustAnchors, trustAnchorPaths, type VerifyReport } from '../../bundle/index.js';
import { isArchiveName } from '../../bundle/verify/open-bundle.js';
import { EXIT, InputError } from '../../core/errors.js';
import { localArchiveFor } from '../../deliver/local-archive.js';
import type { CliContext } from '../cli-context.js';

export interface VerifyFlags {
  trust?: string[];
  json?: boolean;
}

/** The exit code of a verification: 0 only for integrity and a verified signer. */
export function verifyExitCode(r: VerifyReport): number {
  if (r.ok) return EXIT.OK;
  return r.integrity && r.trust === 'not-verified' ? EXIT.UNVERIFIED_SIGNER : EXIT.FAILING;
}

/** Register `verify`. */
export function registerVerifyCommand(program: Command, ctx: CliContext): void {
  program
    .command('verify')
    .description(
      "check a signed audit package: the manifest's signature, who signed it, every file, the PDF signatures",
    )
    .argument(
      '<archive-or-folder>',
      'a bundle folder (output/<profile>/<run-id>), its .tar.gz, or s3://bucket/key of a delivered package',
    )
    .option(
      '-t, --trust <cert.pem>',
      `a trust anchor: the signer's certificate or a CA that issued it (PEM; repeatable; default: the files listed in EVIDENTIA_TRUST)`,
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--json', 'print the report as JSON')
    .action(async (target: string, flags: VerifyFlags) => {
      const { paths, from } = trustAnchorPaths(flags.trust ?? [], process.env);
      const trust = await readTrustAnchors(paths, from);
      // s3://bucket/key is fetched to a private temporary file first; a local path is used as it is.
      const local = await localArchiveFor(target, process.env);
      try {
        const info = await stat(local.path).catch(() => undefined);
        if (!info) throw InputError.forFile(target, 'no such file or folder');
        if (!info.isDirectory() && !isArchiveName(local.path))
          throw InputError.forFile(target, 'expected a bundle folder or a .tar.gz archive');
        const report = await openBundle(local.path, { trust, now: ctx.clock.now() });
        ctx.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
        ctx.exitCode = verifyExitCode(report);
      } finally {
        await local.cleanup();
      }
    });
}

const LABEL: Record<VerifyReport['problems'][number]['kind'], string> = {
  modified: 'MODIFIED',
  missing: 'MISSING',
  extra: 'EXTRA',
  'bad-signature': 'BAD SIGNATURE',
  'unknown-signer': 'UNKNOWN SIGNER',
  'signer-mismatch': 'SIGNER MISMATCH',
  'bad-manifest': 'BAD MANIFEST',
  'pdf-signature': 'PDF SIGNATURE',
  'bad-archive': 'BAD ARCHIVE',
  'bad-timestamp': 'BAD TIMESTAMP',
};

/** The human-readable report. */
export function formatReport(r: VerifyReport): string {
  const lines = [`Bundle:    ${r.label}`];
  if (r.runId) lines.push(`Run:       ${r.runId}${r.profile ? ` (profile ${r.profile})` : ''}`);
  if (r.signer) {
    const trial =
      r.signer.kind === 'trial' ? ' [trial key]' : r.signer.kind === 'kms' ? ' [AWS KMS key]' : '';
    lines.push(`Signer:    ${r.signer.subject}${trial}`);
    lines.push(`           certificate SHA-256 ${r.signer.fingerprintSha256}`);
    if (r.signer.trust === 'verified') {
      lines.push(`Trust:     verified: ${(r.signer.path ?? []).join(' <- ')}`);
      if (r.signer.validNow && !r.signer.validNow.valid)
        lines.push(
          `           (valid when it signed; at ${r.signer.validNow.at}: ${r.signer.validNow.detail})`,
        );
    } else if (r.signer.trust === 'failed')
      lines.push(
        `Trust:     FAILED: ${r.signer.trustDetail ?? 'the trust anchors do not vouch for the signer'}`,
      );
    else lines.push('Trust:     no trust anchor given (--trust <cert.pem> or EVIDENTIA_TRUST)');
  }
  if (r.signingTime) lines.push(`Signed at: ${r.signingTime} (as the signer states it)`);
  if (r.timestamp) {
    const by = r.timestamp.tsa ? ` by '${r.timestamp.tsa}'` : '';
    lines.push(
      r.timestamp.status === 'verified'
        ? `Trusted time: ${r.timestamp.time} (RFC 3161 time-stamp${by}, verified)`
        : r.timestamp.status === 'not-verified'
          ? `Time-stamp: ${r.timestamp.time ?? '?'}${by}, NOT verified (no trust anchor for the TSA)`
          : `Time-stamp: FAILED: ${r.timestamp.detail ?? ''}`,
    );
  }
  lines.push(`Files:     ${r.filesVerified} of ${r.filesListed} listed files match the manifest`);
  lines.push('');
  if (r.ok)
    lines.push(
      'OK: the signer is verified, the manifest signature is valid and every file is exactly as signed.',
    );
  else if (r.integrity && r.trust === 'not-verified') {
    lines.push('signer NOT verified: every file is exactly as signed, but nothing says who signed it.');
    lines.push(
      "Anyone can re-sign a package with a key of their own. Pass --trust <the signer's certificate or",
    );
    lines.push('its CA, obtained separately> (or set EVIDENTIA_TRUST) to check who signed.');
  } else {
    lines.push(`FAILED: ${r.problems.length} problem${r.problems.length === 1 ? '' : 's'}`);
    const shown = r.problems.slice(0, 200);
    for (const p of shown) lines.push(`  ${LABEL[p.kind].padEnd(15)} ${p.path}: ${p.message}`);
    if (r.problems.length > shown.length)
      lines.push(`  … and ${r.problems.length - shown.length} more (use --json for all)`);
  }
  return `${lines.map(printable).join('\n')}\n`;
}

/**
 * Control characters (C0, DEL, C1: line breaks, terminal escape sequences) and bidirectional overrides shown
 * as `\u{…}`. Run ids, certificate subjects and archive entry names come from the package, and a forged
 * one could otherwise print its own "OK:" line, move the cursor over the verdict, or hide it.
 */
function printable(line: string): string {
  return line.replace(
    /[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu,
    (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`,
  );
}
