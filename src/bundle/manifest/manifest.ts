// manifest.json: every file of the bundle with its size and SHA-256, the run's metadata, the tool version,
// the hashes of the framework and profile files the run used, and the signer's certificate fingerprint.
// Its detached CMS signature is manifest.json.p7s.

import { z } from 'zod';
import type { RunMetadata } from '../../core/run-result.js';
import type { BundleSigner } from '../signers/bundle-signer.js';
import type { FileDigest } from './list-files.js';

export const MANIFEST_FORMAT = 'evidentia-bundle-manifest/1';
export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'manifest.json.p7s';
export const SIGNER_CERT_FILE = 'signer.pem';
export const VERIFY_FILE = 'VERIFY.md';
/** Files the manifest cannot list: itself and its signature. */
export const UNLISTED_FILES: readonly string[] = [MANIFEST_FILE, SIGNATURE_FILE];

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const sourceFile = z.object({ path: z.string(), sha256 });

export const manifestSchema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  createdAt: z.string(),
  tool: z.object({ name: z.string(), version: z.string() }),
  run: z.object({
    runId: z.string(),
    organization: z.string(),
    startedAt: z.string(),
    finishedAt: z.string().optional(),
    status: z.string(),
    scope: z.object({
      accounts: z.array(z.string()),
      regions: z.array(z.string()),
      callerAccountId: z.string().optional(),
      aggregator: z.string().optional(),
    }),
    stats: z.record(z.string(), z.number()),
  }),
  profile: sourceFile.extend({ id: z.string(), name: z.string() }),
  frameworks: z.array(sourceFile.extend({ id: z.string(), name: z.string(), version: z.string() })),
  catalogFiles: z.array(sourceFile),
  signer: z.object({
    kind: z.enum(['local', 'kms', 'trial']),
    subject: z.string(),
    /** SHA-256 of the signer certificate (DER), lower-case hex. */
    certificateSha256: sha256,
    algorithm: z.string(),
    /** The KMS key that signed (kind kms only). */
    kmsKeyArn: z.string().optional(),
  }),
  hashAlgorithm: z.literal('sha256'),
  files: z.array(z.object({ path: z.string().min(1), size: z.number().int().min(0), sha256 })),
});

export type BundleManifest = z.output<typeof manifestSchema>;

export interface ManifestInput {
  run: RunMetadata;
  signer: BundleSigner;
  createdAt: Date;
  /** Every file of the bundle except the manifest and its signature, by path. */
  files: ReadonlyMap<string, FileDigest>;
}

/** Build the manifest (files in the order given, which is sorted by path). */
export function buildManifest(input: ManifestInput): BundleManifest {
  const { run, signer } = input;
  const leaf = signer.chain[0]!;
  return {
    format: MANIFEST_FORMAT,
    createdAt: input.createdAt.toISOString(),
    tool: { name: run.tool.name, version: run.tool.version },
    run: {
      runId: run.runId,
      organization: run.organization,
      startedAt: run.startedAt,
      ...(run.finishedAt ? { finishedAt: run.finishedAt } : {}),
      status: run.status,
      scope: { ...run.scope },
      stats: { ...run.stats },
    },
    profile: { ...run.profile },
    frameworks: run.frameworks.map((f) => ({ ...f })),
    catalogFiles: run.catalogFiles.map((f) => ({ path: f.path, sha256: f.sha256 })),
    signer: {
      kind: signer.kind,
      subject: leaf.subject,
      certificateSha256: leaf.fingerprintSha256,
      algorithm: `${signer.algorithm.key === 'rsa' ? 'RSA' : 'ECDSA'}-${signer.algorithm.hash.toUpperCase()}`,
      ...(signer.kind === 'kms' ? { kmsKeyArn: signer.keyDescription } : {}),
    },
    hashAlgorithm: 'sha256',
    files: [...input.files].map(([path, d]) => ({ path, size: d.size, sha256: d.sha256 })),
  };
}

/** The bytes written to manifest.json. */
export function serializeManifest(manifest: BundleManifest): Buffer {
  return Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
}

/** Parse manifest.json bytes; throws with the first problem. */
export function parseManifest(bytes: Buffer): BundleManifest {
  const json: unknown = JSON.parse(bytes.toString('utf8'));
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `not an Evidentia manifest: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}`,
    );
  }
  return parsed.data;
}
