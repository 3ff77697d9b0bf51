// `evidentia keys`: make signing keys. `keys init` creates an RSA key and a self-signed certificate for a
// trial; `keys kms-certificate` makes the certificate for an AWS KMS key (self-signed through kms:Sign, or
// issued by a local CA key) to name in a profile's `signing: { kind: kms }` block.

import { constants } from 'node:fs';
import { access, mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { KMSClient } from '@aws-sdk/client-kms';
import type { Command } from 'commander';
import {
  type BundleSigner,
  DEFAULT_KEYS_DIR,
  generateSelfSigned,
  issueKmsCertificate,
  loadLocalSigner,
  toPem,
} from '../../bundle/index.js';
import { InputError } from '../../core/errors.js';
import type { CliContext } from '../cli-context.js';

/** File names `keys init` writes. */
export const KEY_FILE = 'signing-key.pem';
export const CERT_FILE = 'signing-cert.pem';

interface InitFlags {
  out: string;
  commonName: string;
  organization?: string;
  days: string;
  force?: boolean;
}

interface KmsCertFlags {
  keyId: string;
  region: string;
  endpoint?: string;
  commonName: string;
  organization?: string;
  days: string;
  caKey?: string;
  caCert?: string;
  caPassphraseEnv?: string;
  out: string;
  force?: boolean;
}

/** Register `keys init` and `keys kms-certificate`. */
export function registerKeysCommand(program: Command, ctx: CliContext): void {
  const keys = program.command('keys').description('create signing keys and certificates for audit packages');
  keys
    .command('init')
    .description(
      'create an RSA key and a self-signed certificate (for a trial; use your CA or KMS in production)',
    )
    .option('-o, --out <dir>', 'where to write signing-key.pem and signing-cert.pem', DEFAULT_KEYS_DIR)
    .option('--common-name <name>', 'certificate subject CN', 'Evidentia signer')
    .option('--organization <name>', 'certificate subject O')
    .option('--days <n>', 'validity in days', '825')
    .option('--force', 'overwrite existing files')
    .action(async (flags: InitFlags) => {
      const days = parseDays(flags.days);
      const dir = resolve(flags.out);
      const keyPath = join(dir, KEY_FILE);
      const certPath = join(dir, CERT_FILE);
      if (!flags.force) await refuseExisting([keyPath, certPath]);
      const made = await generateSelfSigned({
        subject: {
          commonName: flags.commonName,
          ...(flags.organization ? { organization: flags.organization } : {}),
        },
        now: ctx.clock.now(),
        days,
      });
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await writeFile(keyPath, made.keyPem, { mode: 0o600 });
      await writeFile(certPath, made.certificatePem);
      ctx.stdout.write(
        [
          `Created ${keyPath} (private key, keep it secret; mode 0600)`,
          `Created ${certPath} (self-signed certificate, SHA-256 ${made.certificate.fingerprintSha256})`,
          '',
          'To sign with it, add to your profile:',
          '',
          'signing:',
          '  kind: local',
          `  key: ${keyPath}`,
          `  certificate: ${certPath}`,
          '',
          'Give auditors the certificate (or its fingerprint) separately, so `evidentia verify --trust` can pin it.',
          '',
        ].join('\n'),
      );
    });

  keys
    .command('kms-certificate')
    .description(
      "make the certificate for an AWS KMS signing key's public key (self-signed via kms:Sign, or by a CA)",
    )
    .requiredOption('--key-id <id>', 'KMS key id, ARN or alias (an asymmetric SIGN_VERIFY key)')
    .requiredOption('--region <region>', "the key's region")
    .option('--endpoint <url>', 'KMS endpoint (e.g. the emulator); default: the SDK default')
    .option('--common-name <name>', 'certificate subject CN', 'Evidentia signer (AWS KMS)')
    .option('--organization <name>', 'certificate subject O')
    .option('--days <n>', 'validity in days', '825')
    .option(
      '--ca-key <pem>',
      "the issuing CA's private key (PEM); without it the certificate is self-signed by KMS",
    )
    .option('--ca-cert <pem>', "the issuing CA's certificate (PEM, with its chain)")
    .option('--ca-passphrase-env <name>', "environment variable holding the CA key's passphrase")
    .requiredOption('-o, --out <file>', 'where to write the PEM certificate chain')
    .option('--force', 'overwrite an existing file')
    .action(async (flags: KmsCertFlags) => {
      const days = parseDays(flags.days);
      if (Boolean(flags.caKey) !== Boolean(flags.caCert))
        throw InputError.forFile('--ca-key', 'give --ca-key and --ca-cert together');
      if (flags.endpoint !== undefined && !/^https?:\/\/\S+$/.test(flags.endpoint))
        throw InputError.forFile('--endpoint', `expected an http(s) URL, got '${flags.endpoint}'`);
      const out = resolve(flags.out);
      if (!flags.force) await refuseExisting([out]);
      let ca: BundleSigner | undefined;
      if (flags.caKey && flags.caCert) {
        ca = await loadLocalSigner(
          {
            key: flags.caKey,
            certificate: flags.caCert,
            ...(flags.caPassphraseEnv ? { passphraseEnv: flags.caPassphraseEnv } : {}),
          },
          { baseDir: process.cwd(), env: process.env },
        );
      }
      const client = new KMSClient({
        region: flags.region,
        ...(flags.endpoint ? { endpoint: flags.endpoint } : {}),
      });
      try {
        const chain = await issueKmsCertificate({
          client,
          keyId: flags.keyId,
          subject: {
            commonName: flags.commonName,
            ...(flags.organization ? { organization: flags.organization } : {}),
          },
          now: ctx.clock.now(),
          days,
          ...(ca ? { ca } : {}),
        });
        await writeFile(out, chain.map((c) => toPem(c.der)).join(''));
        ctx.stdout.write(
          [
            `Created ${out} (${ca ? `issued by ${ca.chain[0]!.subject}` : 'self-signed through kms:Sign'}; SHA-256 ${chain[0]!.fingerprintSha256})`,
            '',
            'To sign with the KMS key, add to your profile:',
            '',
            'signing:',
            '  kind: kms',
            `  keyId: ${flags.keyId}`,
            `  region: ${flags.region}`,
            `  certificate: ${out}`,
            '',
          ].join('\n'),
        );
      } finally {
        client.destroy();
      }
    });
}

function parseDays(text: string): number {
  const days = Number(text);
  if (!Number.isInteger(days) || days < 1 || days > 36500)
    throw InputError.forFile('--days', `expected a whole number of days (1-36500), got '${text}'`);
  return days;
}

async function refuseExisting(paths: string[]): Promise<void> {
  for (const path of paths) {
    const exists = await access(path, constants.F_OK).then(
      () => true,
      () => false,
    );
    if (exists) throw InputError.forFile(path, 'already exists (pass --force to overwrite)');
  }
}
