// Streamed JSON: the text is exactly JSON.stringify(doc, null, 2) of the same document with its streamed
// arrays materialised, and the items are made only while the text is written.

import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonChunks, jsonText, StreamedArray, writeJsonFile } from '../../../src/core/streamed-json.js';

const items = [{ a: 1, b: ['x', { c: null }], d: 'ü "quoted"\n' }, 2, [], {}, undefined, 'last'];

function doc(streamed: unknown) {
  return {
    title: 'Document',
    empty: [],
    none: {},
    skipped: undefined,
    fn: () => 1,
    when: new Date('2026-11-29T02:00:00Z'),
    odd: [undefined, () => 1, Symbol('s'), 'kept'],
    nested: { list: [1, { deep: [true, false] }], results: [{ uuid: 'r', observations: streamed }] },
    tail: 0.5,
  };
}

describe('streamed JSON', () => {
  it('writes what JSON.stringify would, item by item', async () => {
    const text = await jsonText(doc(new StreamedArray(() => items)));
    expect(text).toBe(JSON.stringify(doc(items), null, 2));
    expect(await jsonText(doc(new StreamedArray(() => [])))).toBe(JSON.stringify(doc([]), null, 2));
    expect(await jsonText(new StreamedArray(() => [1, 2]))).toBe(JSON.stringify([1, 2], null, 2));
  });

  it('makes the items only as the text reaches them', async () => {
    let made = 0;
    const stream = new StreamedArray(function* () {
      for (let i = 0; i < 3; i += 1) {
        made += 1;
        yield { i };
      }
    });
    const chunks = jsonChunks({ head: 'h', items: stream });
    let seenBefore = -1;
    for await (const chunk of chunks) if (chunk.includes('"head"')) seenBefore = made;
    expect(seenBefore).toBe(0);
    expect(made).toBe(3);
  });

  it('writes a file with a final newline', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'evidentia-json-')), 'doc.json');
    await writeJsonFile(
      path,
      doc(
        new StreamedArray(async function* () {
          yield* items;
        }),
      ),
    );
    expect(await readFile(path, 'utf8')).toBe(`${JSON.stringify(doc(items), null, 2)}\n`);
  });
});
