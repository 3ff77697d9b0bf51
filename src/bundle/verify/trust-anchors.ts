// Where verify's trust anchors come from: `--trust <pem>` (repeatable), else the EVIDENTIA_TRUST list of PEM
// files (separated like PATH), else none. Each file may hold several certificates (a CA bundle).

import { readFile } from 'node:fs/promises';
import { delimiter } from 'node:path';
import { InputError } from '../../core/errors.js';
import { type ParsedCertificate, parsePemCertificates } from '../x509/certificate.js';

/** The environment variable naming trust anchor files. */
export const TRUST_ENV = 'EVIDENTIA_TRUST';

/** The anchor files to read: the flags when given, else EVIDENTIA_TRUST's list. */
export function trustAnchorPaths(
  flags: readonly string[],
  env: NodeJS.ProcessEnv,
): { paths: string[]; from: string } {
  if (flags.length) return { paths: [...flags], from: '--trust' };
  const list = (env[TRUST_ENV] ?? '').split(delimiter).filter((p) => p.trim() !== '');
  return { paths: list, from: TRUST_ENV };
}

/** Read every certificate of the anchor files; an unreadable or empty file is bad input naming `field`. */
export async function readTrustAnchors(
  paths: readonly string[],
  field = '--trust',
): Promise<ParsedCertificate[]> {
  const out: ParsedCertificate[] = [];
  for (const path of paths) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      throw InputError.forFile(
        path,
        `cannot read the trusted certificate: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
        field,
      );
    }
    let certs: ParsedCertificate[];
    try {
      certs = parsePemCertificates(text);
    } catch (err) {
      throw InputError.forFile(path, `not a PEM certificate: ${(err as Error).message}`, field);
    }
    if (certs.length === 0) throw InputError.forFile(path, 'no PEM certificate found', field);
    out.push(...certs);
  }
  return out;
}
