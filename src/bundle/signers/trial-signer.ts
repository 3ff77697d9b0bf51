// The trial signer: when a profile has no `signing` block, runs are signed with a self-signed key created on
// first use in `<state>/keys/trial-signer.pem` (certificate and unencrypted key in one file, mode 0600), the
// state folder being `--state` / EVIDENTIA_STATE_DIR / the daemon's `state` (default `.evidentia`).
// The report cover and the manifest say it is a trial key.

import { createPrivateKey, randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../../core/clock.js';
import { parsePemCertificates } from '../x509/certificate.js';
import type { BundleSigner } from './bundle-signer.js';
import { localSigner } from './local-signer.js';
import { generateSelfSigned } from './self-signed.js';

/** File name of the trial key inside its folder. */
export const TRIAL_KEY_FILE = 'trial-signer.pem';
/** Default folder of keys, relative to the working directory (the trial key's when no state folder is given). */
export const DEFAULT_KEYS_DIR = join('.evidentia', 'keys');

/** The trial key's folder inside a state folder: beside the run history, wherever `--state` puts it. */
export function trialKeyDirOf(stateDir: string): string {
  return join(stateDir, 'keys');
}
/** Common name of every trial certificate. */
export const TRIAL_COMMON_NAME = 'Evidentia trial signer';

export interface TrialSignerOptions {
  /** Folder holding the trial key (created if missing). */
  dir: string;
  clock: Clock;
  /** RSA modulus size of a new key; default 3072. */
  modulusLength?: number;
}

/** Load the trial key, creating it (once, even with concurrent runs) when it is missing or expired. */
export async function trialSigner(opts: TrialSignerOptions): Promise<BundleSigner> {
  const path = join(opts.dir, TRIAL_KEY_FILE);
  const existing = await readTrialKey(path);
  const now = opts.clock.now();
  if (existing && new Date(existing.chain[0]!.x509.validTo) > now) return existing;
  await mkdir(opts.dir, { recursive: true, mode: 0o700 });
  const made = await generateSelfSigned({
    subject: { commonName: TRIAL_COMMON_NAME, organization: 'Evidentia' },
    now,
    days: 3650,
    ...(opts.modulusLength ? { modulusLength: opts.modulusLength } : {}),
  });
  const temp = join(opts.dir, `.${TRIAL_KEY_FILE}.${randomBytes(6).toString('hex')}`);
  await writeFile(temp, `${made.certificatePem}${made.keyPem}`, { mode: 0o600 });
  await chmod(temp, 0o600);
  try {
    if (existing) await rename(temp, path);
    else {
      // link() fails when another run created the key first: then everyone uses that one.
      await link(temp, path).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'EEXIST') throw err;
      });
    }
  } finally {
    await unlink(temp).catch(() => undefined);
  }
  const winner = await readTrialKey(path);
  if (!winner) throw new Error(`could not read the trial key just written to ${path}`);
  return winner;
}

async function readTrialKey(path: string): Promise<BundleSigner | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const chain = parsePemCertificates(text);
  const key = createPrivateKey(text);
  return localSigner({ key, chain, kind: 'trial', keyDescription: path });
}
