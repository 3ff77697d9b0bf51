// The folder `packs generate` writes and `packs deploy` reads: one template per pack and `packs.json`, which
// says what each template is (name, reach, rules, where it is needed) and pins each template's SHA-256, so a
// template edited or truncated after generation is refused (exit 2) before any AWS call.

import { createHash, randomUUID } from 'node:crypto';
import { lstat, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { accountId, regionName, slug } from '../catalog/schema/common.js';
import { InputError } from '../core/errors.js';
import { isValidPackName } from './pack-names.js';
import { MAX_RULES_PER_PACK, MAX_TEMPLATE_BYTES } from './pack-template.js';
import type { PlannedPack } from './plan-packs.js';
import { templateMismatch } from './template-check.js';

export const MANIFEST_FILE = 'packs.json';
/** packs.json lists at most a few hundred packs: anything near this is not one `packs generate` wrote. */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
export const PACK_VARIANTS = ['account', 'organization'] as const;
export type PackVariant = (typeof PACK_VARIANTS)[number];

const scopeKey = z.string().regex(/^\d{12}\/[a-z0-9-]+$/, 'expected <account>/<region>');

const manifestPack = z
  .object({
    name: z
      .string()
      .refine(isValidPackName, 'expected a conformance pack name ([a-zA-Z][-a-zA-Z0-9]*, ≤ 128)'),
    file: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9.-]*\.yaml$/, 'expected a template file name in this folder'),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 in hex'),
    reach: z.enum(['home', 'regional']),
    rules: z
      .array(z.string().regex(/^[A-Z0-9][A-Z0-9_]*$/))
      .min(1)
      .max(MAX_RULES_PER_PACK),
    controls: z.array(z.string()),
    /** `<account>/<region>` where the run found the pack's rules missing (absent: the whole profile scope). */
    neededIn: z.array(scopeKey).optional(),
  })
  .strict();

export const packManifestSchema = z
  .object({
    type: z.literal('evidentia-conformance-packs'),
    profile: slug,
    variant: z.enum(PACK_VARIANTS),
    homeRegion: regionName,
    regions: z.array(regionName).min(1),
    /** The run the packs were generated from (`--missing-from`), when they were. */
    missingFrom: z.string().optional(),
    /** Accounts the profile's explicit list names (absent: the organisation's ACTIVE accounts). */
    accounts: z.array(accountId).optional(),
    excludeAccounts: z.array(accountId).default([]),
    packs: z.array(manifestPack),
  })
  .strict();

export type PackManifest = z.output<typeof packManifestSchema>;
export type ManifestPack = PackManifest['packs'][number];

/** A manifest with its templates read and checked. */
export interface LoadedPacks {
  manifest: PackManifest;
  templates: Map<string, string>;
}

/** Write every pack's template and the manifest into `dir`. */
export async function writePacks(
  dir: string,
  packs: readonly PlannedPack[],
  meta: Omit<PackManifest, 'type' | 'packs'>,
  neededIn?: (p: PlannedPack) => string[],
): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  await removePrevious(dir, new Set(packs.map((p) => `${p.name}.yaml`)));
  const written: string[] = [];
  const entries: ManifestPack[] = [];
  for (const p of packs) {
    const file = `${p.name}.yaml`;
    await replaceFile(join(dir, file), p.template);
    written.push(join(dir, file));
    const entry: ManifestPack = {
      name: p.name,
      file,
      sha256: sha256(p.template),
      reach: p.reach,
      rules: p.rules.map((r) => r.identifier),
      controls: p.controls,
    };
    const where = neededIn?.(p);
    if (where) entry.neededIn = where;
    entries.push(entry);
  }
  const manifest: PackManifest = { type: 'evidentia-conformance-packs', ...meta, packs: entries };
  await replaceFile(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  written.push(join(dir, MANIFEST_FILE));
  return written;
}

/** Read and check `dir/packs.json` and every template it names; bad input throws InputError (exit 2). */
export async function readPacks(dir: string): Promise<LoadedPacks> {
  const path = join(dir, MANIFEST_FILE);
  const problem = await notPlainFile(path, MAX_MANIFEST_BYTES);
  if (problem === 'missing') {
    throw InputError.forFile(path, 'no packs.json here: run `evidentia packs generate` first, or pass --dir');
  }
  if (problem) throw InputError.forFile(path, problem);
  const text = await readFile(path, 'utf8');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw InputError.forFile(path, `not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = packManifestSchema.safeParse(raw);
  if (!parsed.success) {
    throw new InputError(
      parsed.error.issues.map((i) => ({
        location: { file: path, line: 1, column: 1 },
        field: i.path.map(String).join('.'),
        message: i.message,
      })),
    );
  }
  const manifest = parsed.data;
  const templates = new Map<string, string>();
  // Templates are found by pack name when deployed: two entries of one name would deploy one's template
  // while the dry run showed the other's rules.
  const seen = new Set<string>();
  for (const [i, p] of manifest.packs.entries()) {
    if (seen.has(p.name) || seen.has(`file:${p.file}`)) {
      throw InputError.forFile(path, `pack ${p.name} (${p.file}) is listed twice`, `packs.${i}`);
    }
    seen.add(p.name).add(`file:${p.file}`);
  }
  for (const [i, p] of manifest.packs.entries()) {
    const file = join(dir, p.file);
    // Checked before reading: a link could reach a file outside the folder (sent to AWS as a template), a FIFO
    // or a device would block or never end, and a huge file would be read whole before its size was known.
    const problem = await notPlainFile(file, MAX_TEMPLATE_BYTES);
    if (problem === 'missing') {
      throw InputError.forFile(path, `template ${file} is missing`, `packs.${i}.file`);
    }
    if (problem) throw InputError.forFile(file, problem, `packs.${i}.file`);
    const template = await readFile(file, 'utf8');
    if (sha256(template) !== p.sha256) {
      throw InputError.forFile(
        file,
        'changed since it was generated (SHA-256 differs from packs.json)',
        `packs.${i}.sha256`,
      );
    }
    const mismatch = templateMismatch(template, p.rules);
    if (mismatch) throw InputError.forFile(file, mismatch, `packs.${i}.rules`);
    templates.set(p.name, template);
  }
  return { manifest, templates };
}

/**
 * Templates a previous `packs generate` wrote here and this one does not: removed, so the folder holds exactly
 * what packs.json lists. Only files the old manifest named, and only template names, are touched.
 */
async function removePrevious(dir: string, keep: ReadonlySet<string>): Promise<void> {
  let old: unknown;
  try {
    old = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8'));
  } catch {
    return; // no earlier manifest (or an unreadable one): nothing of ours to remove
  }
  const parsed = packManifestSchema.safeParse(old);
  if (!parsed.success) return;
  for (const p of parsed.data.packs) {
    if (!keep.has(p.file)) await rm(join(dir, p.file), { force: true });
  }
}

/**
 * Put `text` at `path` through a new file renamed into place: a link planted at `path` (a shared checkout's
 * output folder) is replaced, never followed, so generating packs cannot overwrite the file it points to.
 */
async function replaceFile(path: string, text: string): Promise<void> {
  const tmp = `${path}.${randomUUID()}.tmp`;
  await writeFile(tmp, text, { flag: 'wx' });
  await rename(tmp, path);
}

/** Why `path` is not a regular file (not a link) of at most `maxBytes`; 'missing' when absent; undefined if fine. */
async function notPlainFile(path: string, maxBytes: number): Promise<string | undefined> {
  const st = await lstat(path).catch(() => undefined);
  if (!st) return 'missing';
  if (st.isSymbolicLink())
    return 'is a symbolic link: only files packs generate wrote in this folder are read';
  if (!st.isFile()) return 'is not a regular file';
  if (st.size > maxBytes) return `is ${st.size} bytes, more than the ${maxBytes}-byte limit`;
  return undefined;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
