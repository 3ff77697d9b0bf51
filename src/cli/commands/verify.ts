// `evidentia verify <archive-or-folder> [--trust <cert.pem>]`: check a signed audit package and say exactly
// what is wrong. Exit 0 only when everything holds, 1 when something does not, 2 for bad arguments.

import { readFile, stat } from 'node:fs/promises';
import type { Command } from 'commander';
import {
  archiveContents,
  type BundleContents,
  folderContents,
  inspectedFile,
  type ParsedCertificate,
  parsePemCertificates,
  type VerifyReport,
  verifyBundle,
} from '../../bundle/index.js';
import { EXIT, InputError } from '../../core/errors.js';
import type { CliContext } from '../cli-context.js';

export interface VerifyFlags {
  trust?: string[];
  json?: boolean;
}

/** Register `verify`. */
export function registerVerifyCommand(program: Command, ctx: CliContext): void {
  program
    .command('verify')
    .description(
      "check a signed audit package: the manifest's signature, the signer, every file, the PDF signature",
    )
    .argument('<archive-or-folder>', 'a bundle folder (output/<profile>/<run-id>) or its .tar.gz')
    .option(
      '-t, --trust <cert.pem>',
      'the certificate the signer must be, or the CA that issued it (PEM; repeatable); without it the signer is not checked',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--json', 'print the report as JSON')
    .action(async (target: string, flags: VerifyFlags) => {
      const trust = await readTrust(flags.trust ?? []);
      const contents = await openBundle(target);
      if (!contents) {
        ctx.exitCode = EXIT.FAILING;
        return;
      }
      const report = await verifyBundle(contents, { trust });
      ctx.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
      ctx.exitCode = report.ok ? EXIT.OK : EXIT.FAILING;

      async function openBundle(path: string): Promise<BundleContents | undefined> {
        const info = await stat(path).catch(() => undefined);
        if (!info) throw InputError.forFile(path, 'no such file or folder');
        if (info.isDirectory()) return folderContents(path);
        if (!/\.(tar\.gz|tgz|tar)$/.test(path))
          throw InputError.forFile(path, 'expected a bundle folder or a .tar.gz archive');
        try {
          return await archiveContents(path, inspectedFile);
        } catch (err) {
          ctx.stderr.write(`FAILED: ${path} cannot be read as a tar.gz archive: ${(err as Error).message}\n`);
          return undefined;
        }
      }
    });
}

async function readTrust(paths: string[]): Promise<ParsedCertificate[]> {
  const out: ParsedCertificate[] = [];
  for (const path of paths) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      throw InputError.forFile(
        path,
        `cannot read the trusted certificate: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
        '--trust',
      );
    }
    let certs: ParsedCertificate[];
    try {
      certs = parsePemCertificates(text);
    } catch (err) {
      throw InputError.forFile(path, `not a PEM certificate: ${(err as Error).message}`, '--trust');
    }
    if (certs.length === 0) throw InputError.forFile(path, 'no PEM certificate found', '--trust');
    out.push(...certs);
  }
  return out;
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
    lines.push(
      `Trust:     ${
        r.signer.trust === 'pinned'
          ? 'the signer matches --trust'
          : r.signer.trust === 'untrusted'
            ? 'the signer does NOT match --trust'
            : 'not pinned: pass --trust <cert.pem> to check who signed'
      }`,
    );
  }
  if (r.signingTime) lines.push(`Signed at: ${r.signingTime}`);
  lines.push(`Files:     ${r.filesVerified} of ${r.filesListed} listed files match the manifest`);
  lines.push('');
  if (r.ok) lines.push('OK: the manifest signature is valid and every file is exactly as signed.');
  else {
    lines.push(`FAILED: ${r.problems.length} problem${r.problems.length === 1 ? '' : 's'}`);
    const shown = r.problems.slice(0, 200);
    for (const p of shown) lines.push(`  ${LABEL[p.kind].padEnd(15)} ${p.path}: ${p.message}`);
    if (r.problems.length > shown.length)
      lines.push(`  … and ${r.problems.length - shown.length} more (use --json for all)`);
  }
  return `${lines.join('\n')}\n`;
}
