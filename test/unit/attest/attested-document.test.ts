// The document checks on their own: a path is walked from the folder's real path (which may itself be reached
// through a link), and a file swapped or grown between the check and the copy is never copied.

import { createHash } from 'node:crypto';
import { appendFile, mkdir, mkdtemp, readdir, rename, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { copyIntactDocument, hashDocument, locateDocument } from '../../../src/attest/attested-document.js';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('attested documents', () => {
  let base: string;
  let dir: string;
  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'evidentia-doc-'));
    dir = join(base, 'attestations');
    await mkdir(join(dir, 'a'), { recursive: true });
    await writeFile(join(dir, 'a', 'doc.pdf'), 'the document\n');
  });

  it('finds a plain file, also when the folder itself is reached through a link', async () => {
    await symlink(dir, join(base, 'link-to-folder'));
    const found = await locateDocument(join(base, 'link-to-folder'), 'a/doc.pdf');
    expect(found).toMatchObject({ ok: true, path: join(dir, 'a', 'doc.pdf') });
    if (!found.ok) throw new Error('not found');
    expect(await hashDocument(found)).toEqual({ sha256: sha('the document\n'), bytes: 13 });
  });

  it('refuses escapes and reports a missing document as missing', async () => {
    for (const p of ['../x', 'a/../../x', '/etc/passwd', 'a//doc.pdf', './a/doc.pdf']) {
      expect(await locateDocument(dir, p), p).toMatchObject({ ok: false, missing: false });
    }
    expect(await locateDocument(dir, 'a/nothing.pdf')).toEqual({
      ok: false,
      missing: true,
      reason: 'is missing',
    });
    expect(await locateDocument(dir, 'a/doc.pdf/x')).toMatchObject({
      ok: false,
      reason: 'a/doc.pdf is not a folder',
    });
  });

  it('copies only the attested bytes, and not a file swapped or grown after the check', async () => {
    const found = await locateDocument(dir, 'a/doc.pdf');
    if (!found.ok) throw new Error('not found');
    const expected = { sha256: sha('the document\n'), bytes: 13 };
    const out = await mkdtemp(join(tmpdir(), 'evidentia-doc-out-'));
    expect(await copyIntactDocument(found, join(out, 'ok.pdf'), expected)).toBeUndefined();
    // A second record naming the same document finds the attested copy already there.
    expect(await copyIntactDocument(found, join(out, 'ok.pdf'), expected)).toBeUndefined();

    await appendFile(join(dir, 'a', 'doc.pdf'), 'more\n');
    expect(await copyIntactDocument(found, join(out, 'grown.pdf'), expected)).toBe(
      'the document is larger than attested',
    );
    await writeFile(join(base, 'other'), 'the document\n');
    await rename(join(base, 'other'), join(dir, 'a', 'doc.pdf'));
    await expect(copyIntactDocument(found, join(out, 'swapped.pdf'), expected)).rejects.toMatchObject({
      code: 'EREPLACED',
    });
    expect(await readdir(out)).toEqual(['ok.pdf']);
  });
});
