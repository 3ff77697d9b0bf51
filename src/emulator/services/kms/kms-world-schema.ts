// The `kms:` section of a world file: asymmetric (and symmetric) KMS keys per account and region, with
// aliases and state. Key material is generated on first use (or given as a PEM for fixed-key tests).

import { z } from 'zod';

export const KMS_KEY_SPECS = [
  'RSA_2048',
  'RSA_3072',
  'RSA_4096',
  'ECC_NIST_P256',
  'ECC_NIST_P384',
  'ECC_NIST_P521',
  'SYMMETRIC_DEFAULT',
] as const;

const kmsKeySchema = z.strictObject({
  /** Key id (a UUID); default: derived from the world's seed, account, region and position. */
  id: z
    .string()
    .regex(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
      'expected a key id such as 1234abcd-12ab-34cd-56ef-1234567890ab',
    )
    .optional(),
  account: z.string().regex(/^\d{12}$/, 'expected a 12-digit AWS account id in quotes'),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, 'expected an AWS region such as us-east-1'),
  aliases: z
    .array(
      z.string().regex(/^alias\/[a-zA-Z0-9/_-]{1,250}$/, 'expected an alias such as alias/evidentia-signing'),
    )
    .default([]),
  keySpec: z.enum(KMS_KEY_SPECS).default('RSA_2048'),
  /** Default: SIGN_VERIFY for asymmetric keys, ENCRYPT_DECRYPT for SYMMETRIC_DEFAULT. */
  keyUsage: z.enum(['SIGN_VERIFY', 'ENCRYPT_DECRYPT']).optional(),
  state: z.enum(['Enabled', 'Disabled', 'PendingDeletion']).default('Enabled'),
  description: z.string().max(8192).default(''),
  /** Test fault: Sign answers with a corrupted signature (a client must check what KMS returns). */
  corruptSignatures: z.boolean().default(false),
  /** PKCS#8 PEM private key to use instead of generating one (must match keySpec). */
  privateKeyPem: z.string().includes('PRIVATE KEY').optional(),
});

export const kmsWorldSchema = z
  .strictObject({
    keys: z
      .array(kmsKeySchema)
      .default([])
      .superRefine((keys, ctx) => {
        const seen = new Set<string>();
        keys.forEach((k, i) => {
          for (const name of [...(k.id ? [k.id] : []), ...k.aliases]) {
            const key = `${k.account}/${k.region}/${name}`;
            if (seen.has(key))
              ctx.addIssue({
                code: 'custom',
                path: [i],
                message: `${name} is used twice in account ${k.account}, ${k.region}`,
              });
            seen.add(key);
          }
        });
      }),
  })
  .default({ keys: [] });

export type KmsWorld = z.output<typeof kmsWorldSchema>;
export type KmsKeySpecInput = KmsWorld['keys'][number];
