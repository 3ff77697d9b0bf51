// Loading signing keys: PEM key and chain from files or environment variables, encrypted keys with the
// passphrase from the environment (never echoed), PKCS#12, mismatched certificates; the trial key; and the
// profile's signing block.

import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import {
  generateSelfSigned,
  loadLocalSigner,
  SigningError,
  signerInfo,
  TRIAL_KEY_FILE,
  trialSigner,
} from '../../../src/bundle/index.js';
import { profileSchema } from '../../../src/catalog/schema/profile-schema.js';
import { fixedClock } from '../../../src/core/clock.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const PASSPHRASE = 'correct horse battery staple';

let files: ReturnType<typeof makeKeyFiles> | undefined;
/** The key files, made once per test file (key generation is the slow part). */
function keyFiles() {
  files ??= makeKeyFiles();
  return files;
}

async function makeKeyFiles() {
  const dir = await mkdtemp(join(tmpdir(), 'evidentia-keys-'));
  const made = await generateSelfSigned({
    subject: { commonName: 'Loader test' },
    now: NOW,
    days: 30,
    modulusLength: 2048,
  });
  const other = await generateSelfSigned({
    subject: { commonName: 'Someone else' },
    now: NOW,
    days: 30,
    modulusLength: 2048,
  });
  await writeFile(join(dir, 'key.pem'), made.keyPem);
  await writeFile(join(dir, 'cert.pem'), made.certificatePem);
  await writeFile(join(dir, 'other-cert.pem'), other.certificatePem);
  await writeFile(
    join(dir, 'key-enc.pem'),
    made.key
      .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSPHRASE })
      .toString(),
  );
  const p12 = forge.pkcs12.toPkcs12Asn1(
    forge.pki.privateKeyFromPem(made.keyPem),
    [forge.pki.certificateFromPem(made.certificatePem)],
    PASSPHRASE,
    { algorithm: 'aes256' },
  );
  await writeFile(join(dir, 'signer.p12'), Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary'));
  return { dir, made };
}

async function failure(p: Promise<unknown>): Promise<SigningError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SigningError);
  return err as SigningError;
}

describe('local signing keys', () => {
  it('loads a PEM key and certificate relative to the profile folder', async () => {
    const { dir, made } = await keyFiles();
    const signer = await loadLocalSigner(
      { key: 'key.pem', certificate: 'cert.pem' },
      { baseDir: dir, env: {} },
    );
    expect(signer.kind).toBe('local');
    expect(signer.chain[0]!.fingerprintSha256).toBe(made.certificate.fingerprintSha256);
    expect(signerInfo(signer)).toEqual({
      subject: 'CN=Loader test',
      fingerprintSha256: made.certificate.fingerprintSha256,
    });
  });

  it('loads key and certificate from environment variables', async () => {
    const { made } = await keyFiles();
    const signer = await loadLocalSigner(
      { keyEnv: 'SIGNING_KEY', certificateEnv: 'SIGNING_CERT' },
      { baseDir: '/nowhere', env: { SIGNING_KEY: made.keyPem, SIGNING_CERT: made.certificatePem } },
    );
    expect(signer.chain[0]!.fingerprintSha256).toBe(made.certificate.fingerprintSha256);
    const err = await failure(
      loadLocalSigner({ keyEnv: 'NOT_SET', certificateEnv: 'SIGNING_CERT' }, { baseDir: '/', env: {} }),
    );
    expect(err.code).toBe('SIGNER_KEY_UNREADABLE');
    expect(err.message).toContain('NOT_SET');
  });

  it('opens an encrypted key only with the passphrase from the environment, and never repeats it', async () => {
    const { dir } = await keyFiles();
    const src = { key: 'key-enc.pem', certificate: 'cert.pem', passphraseEnv: 'EVIDENTIA_PASS' };
    expect((await loadLocalSigner(src, { baseDir: dir, env: { EVIDENTIA_PASS: PASSPHRASE } })).kind).toBe(
      'local',
    );
    const missing = await failure(loadLocalSigner(src, { baseDir: dir, env: {} }));
    expect(missing.code).toBe('SIGNER_PASSPHRASE_MISSING');
    expect(missing.message).toContain('EVIDENTIA_PASS');
    const wrong = await failure(
      loadLocalSigner(src, { baseDir: dir, env: { EVIDENTIA_PASS: 'not the passphrase' } }),
    );
    expect(wrong.code).toBe('SIGNER_KEY_UNREADABLE');
    expect(wrong.message).not.toContain('not the passphrase');
    const none = await failure(
      loadLocalSigner({ key: 'key-enc.pem', certificate: 'cert.pem' }, { baseDir: dir, env: {} }),
    );
    expect(none.code).toBe('SIGNER_PASSPHRASE_MISSING');
  });

  it('opens a PKCS#12 from a file or a base64 environment variable, keeping the certificate bytes exact', async () => {
    const { dir, made } = await keyFiles();
    const fromFile = await loadLocalSigner(
      { p12: 'signer.p12', passphraseEnv: 'P' },
      { baseDir: dir, env: { P: PASSPHRASE } },
    );
    expect(fromFile.chain[0]!.der.equals(made.certificate.der)).toBe(true);
    const b64 = (await readFile(join(dir, 'signer.p12'))).toString('base64');
    const fromEnv = await loadLocalSigner(
      { p12Env: 'P12', passphraseEnv: 'P' },
      { baseDir: '/', env: { P: PASSPHRASE, P12: b64 } },
    );
    expect(fromEnv.chain[0]!.fingerprintSha256).toBe(made.certificate.fingerprintSha256);
    const wrong = await failure(
      loadLocalSigner({ p12: 'signer.p12', passphraseEnv: 'P' }, { baseDir: dir, env: { P: 'nope' } }),
    );
    expect(wrong.code).toBe('SIGNER_KEY_UNREADABLE');
  });

  it('refuses a certificate that is not for the key, and a missing file', async () => {
    const { dir } = await keyFiles();
    const mismatch = await failure(
      loadLocalSigner({ key: 'key.pem', certificate: 'other-cert.pem' }, { baseDir: dir, env: {} }),
    );
    expect(mismatch.code).toBe('SIGNER_KEY_MISMATCH');
    const missing = await failure(
      loadLocalSigner({ key: 'nope.pem', certificate: 'cert.pem' }, { baseDir: dir, env: {} }),
    );
    expect(missing.code).toBe('SIGNER_KEY_UNREADABLE');
    expect(missing.exitCode).toBe(2);
  });
});

describe('the trial signer', () => {
  it('is created once (also by concurrent runs), kept private, reused, and marked as a trial on the cover', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'evidentia-trial-')), 'keys');
    const clock = fixedClock(NOW);
    const [a, b] = await Promise.all([
      trialSigner({ dir, clock, modulusLength: 2048 }),
      trialSigner({ dir, clock, modulusLength: 2048 }),
    ]);
    expect(a.chain[0]!.fingerprintSha256).toBe(b.chain[0]!.fingerprintSha256);
    const again = await trialSigner({ dir, clock, modulusLength: 2048 });
    expect(again.chain[0]!.fingerprintSha256).toBe(a.chain[0]!.fingerprintSha256);
    expect(again.kind).toBe('trial');
    expect((await stat(join(dir, TRIAL_KEY_FILE))).mode & 0o777).toBe(0o600);
    expect(signerInfo(again).subject).toMatch(/TRIAL KEY/);
  });

  it('is replaced when its certificate has expired', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'evidentia-trial-'));
    const first = await trialSigner({ dir, clock: fixedClock(NOW), modulusLength: 2048 });
    const later = new Date(NOW.getTime() + 11 * 365 * 86_400_000);
    const second = await trialSigner({ dir, clock: fixedClock(later), modulusLength: 2048 });
    expect(second.chain[0]!.fingerprintSha256).not.toBe(first.chain[0]!.fingerprintSha256);
    expect(new Date(second.chain[0]!.x509.validTo) > later).toBe(true);
  });
});

describe("the profile's signing block", () => {
  const base = {
    type: 'profile',
    id: 'p',
    name: 'P',
    organization: { name: 'O' },
    frameworks: ['hipaa-security'],
    scope: { accounts: ['111111111111'], regions: ['us-east-1'], role: { name: 'EvidentiaAuditRole' } },
  };
  const parse = (signing: unknown) => profileSchema.safeParse({ ...base, signing });

  it('accepts a PKCS#12, a PEM pair (paths or variables) and a KMS key', () => {
    expect(parse({ kind: 'local', p12: 'k.p12', passphraseEnv: 'PASS' }).success).toBe(true);
    expect(parse({ kind: 'local', key: 'k.pem', certificate: 'c.pem' }).success).toBe(true);
    expect(parse({ kind: 'local', keyEnv: 'KEY', certificateEnv: 'CERT' }).success).toBe(true);
    expect(parse({ kind: 'kms', keyId: 'alias/x', region: 'us-east-1', certificate: 'c.pem' }).success).toBe(
      true,
    );
  });

  it('refuses a key without certificate, two sources for one thing, and a passphrase in the file', () => {
    expect(parse({ kind: 'local' }).success).toBe(false);
    expect(parse({ kind: 'local', key: 'k.pem' }).success).toBe(false);
    expect(parse({ kind: 'local', key: 'k.pem', keyEnv: 'K', certificate: 'c.pem' }).success).toBe(false);
    expect(parse({ kind: 'local', p12: 'k.p12', certificate: 'c.pem' }).success).toBe(false);
    expect(parse({ kind: 'local', p12: 'k.p12', passphrase: 'secret' }).success).toBe(false);
    expect(parse({ kind: 'kms', keyId: 'alias/x', region: 'us-east-1' }).success).toBe(false);
  });

  it('takes a time-stamping authority by http(s) URL, for a local or a KMS key', () => {
    const tsa = { url: 'https://tsa.example.org/rfc3161' };
    expect(parse({ kind: 'local', p12: 'k.p12', timestamp: tsa }).success).toBe(true);
    expect(
      parse({ kind: 'kms', keyId: 'alias/x', region: 'us-east-1', certificate: 'c.pem', timestamp: tsa })
        .success,
    ).toBe(true);
    expect(parse({ kind: 'local', p12: 'k.p12', timestamp: { url: 'ftp://tsa.example.org/' } }).success).toBe(
      false,
    );
    expect(parse({ kind: 'local', p12: 'k.p12', timestamp: { url: tsa.url, policy: '1.2' } }).success).toBe(
      false,
    );
  });
});
