// `evidentia keys kms-certificate` against the emulator: a key whose kms:Sign answers do not verify with
// kms:GetPublicKey's key (the world's corruptSignatures fault) is refused with a clear error and nothing
// written, self-signed or CA-issued; a sound key gets its certificate, which then verifies.

import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSelfSigned, parsePemCertificates } from '../../../src/bundle/index.js';
import { defineWorld, type Emulator, startEmulator } from '../../../src/emulator/index.js';
import { runCli } from '../../support/run-cli.js';

const MGMT = '111111111111';

let emulator: Emulator;
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  emulator = await startEmulator({
    world: defineWorld({
      organization: { id: 'o-kmscert0001', managementAccount: MGMT },
      regions: ['us-east-1'],
      accounts: [{ id: MGMT, name: 'management', email: 'm@example.com' }],
      kms: {
        keys: [
          { account: MGMT, region: 'us-east-1', keySpec: 'RSA_2048', aliases: ['alias/sound'] },
          {
            account: MGMT,
            region: 'us-east-1',
            keySpec: 'ECC_NIST_P256',
            aliases: ['alias/broken'],
            corruptSignatures: true,
          },
        ],
      },
    }),
  });
  dir = await mkdtemp(join(tmpdir(), 'evidentia-kmscert-'));
  env = {
    AWS_ACCESS_KEY_ID: emulator.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: emulator.credentials.secretAccessKey,
    AWS_MAX_ATTEMPTS: '1',
  };
});
afterAll(async () => {
  await emulator?.close();
});

const args = (alias: string, out: string, extra: string[] = []) => [
  'keys',
  'kms-certificate',
  '--key-id',
  alias,
  '--region',
  'us-east-1',
  '--endpoint',
  emulator.url,
  '--out',
  out,
  ...extra,
];

describe('keys kms-certificate', () => {
  it('refuses a key whose signatures do not verify with GetPublicKey, and writes nothing', async () => {
    const out = join(dir, 'broken.pem');
    const r = await runCli(args('alias/broken', out), { env });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /SIGNER_KMS_BAD_SIGNATURE|did not sign with the public key kms:GetPublicKey returned/,
    );
    expect(r.stderr).toContain('No certificate was written');
    expect(existsSync(out)).toBe(false);

    // Issued by a local CA, the certificate's own signature is the CA's: the probe still catches the key.
    const ca = await generateSelfSigned({ subject: { commonName: 'Test CA' }, now: new Date(), days: 5 });
    await writeFile(join(dir, 'ca-key.pem'), ca.keyPem);
    await writeFile(join(dir, 'ca-cert.pem'), ca.certificatePem);
    const viaCa = join(dir, 'broken-ca.pem');
    const r2 = await runCli(
      args('alias/broken', viaCa, [
        '--ca-key',
        join(dir, 'ca-key.pem'),
        '--ca-cert',
        join(dir, 'ca-cert.pem'),
      ]),
      { env },
    );
    expect(r2.code).toBe(3);
    expect(r2.stderr).toContain('a probe signature from kms:Sign does not verify');
    expect(existsSync(viaCa)).toBe(false);
  });

  it('writes the certificate of a sound key, self-signed through kms:Sign', async () => {
    const out = join(dir, 'sound.pem');
    const r = await runCli(args('alias/sound', out), { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [cert] = parsePemCertificates(await readFile(out, 'utf8'));
    expect(cert?.x509.verify(cert.x509.publicKey)).toBe(true);
  });
});
