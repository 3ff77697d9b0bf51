// JSON written in pieces: a document whose large arrays are produced item by item while it is written, so
// the document is never whole in memory. The text is what `JSON.stringify(doc, null, 2)` would give for the
// same document with every StreamedArray replaced by its items.

import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** An array whose items are made while the JSON is written. Items must be plain JSON values. */
export class StreamedArray<T> {
  constructor(private readonly make: () => Iterable<T> | AsyncIterable<T>) {}

  items(): Iterable<T> | AsyncIterable<T> {
    return this.make();
  }
}

const STEP = '  ';

/** Plain JSON, pretty-printed and indented to sit at `indent` (as an array item: nothing becomes null). */
function plain(value: unknown, indent: string): string {
  const text = (JSON.stringify(value, null, 2) as string | undefined) ?? 'null';
  return indent ? text.replaceAll('\n', `\n${indent}`) : text;
}

/** What JSON.stringify leaves out of an object and writes as null in an array. */
const absent = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/**
 * Whether `value` holds a StreamedArray anywhere. A part that holds none is written whole by
 * JSON.stringify (`plain`), which gives the same text as walking it here piece by piece, many times faster:
 * the OSCAL findings alone link 100,000s of related observations.
 */
function holdsStreamed(value: unknown): boolean {
  if (value instanceof StreamedArray) return true;
  if (value === null || typeof value !== 'object') return false;
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return holdsStreamed(toJSON.call(value));
  return Array.isArray(value) ? value.some(holdsStreamed) : Object.values(value).some(holdsStreamed);
}

/** The JSON text of `value` in chunks, pretty-printed with two spaces. */
export async function* jsonChunks(input: unknown, indent = ''): AsyncGenerator<string> {
  if (!holdsStreamed(input)) {
    yield plain(input, indent);
    return;
  }
  const inner = indent + STEP;
  const value =
    input !== null &&
    typeof input === 'object' &&
    typeof (input as { toJSON?: unknown }).toJSON === 'function'
      ? (input as { toJSON: () => unknown }).toJSON()
      : input;
  if (value instanceof StreamedArray) {
    let first = true;
    for await (const item of value.items()) {
      yield `${first ? '[' : ','}\n${inner}${plain(item, inner)}`;
      first = false;
    }
    yield first ? '[]' : `\n${indent}]`;
  } else if (Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    for (const [i, item] of value.entries()) {
      yield `${i === 0 ? '[' : ','}\n${inner}`;
      yield* jsonChunks(absent(item) ? null : item, inner);
    }
    yield `\n${indent}]`;
  } else if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => !absent(v));
    if (entries.length === 0) {
      yield '{}';
      return;
    }
    for (const [i, [key, v]] of entries.entries()) {
      yield `${i === 0 ? '{' : ','}\n${inner}${JSON.stringify(key)}: `;
      yield* jsonChunks(v, inner);
    }
    yield `\n${indent}}`;
  } else {
    yield (JSON.stringify(value) as string | undefined) ?? 'null';
  }
}

/** The whole text (small documents, tests). */
export async function jsonText(value: unknown): Promise<string> {
  let out = '';
  for await (const chunk of jsonChunks(value)) out += chunk;
  return out;
}

/** Write `value` to `path` as pretty JSON with a final newline, chunks gathered into large writes. */
export async function writeJsonFile(path: string, value: unknown): Promise<void> {
  async function* batches(): AsyncGenerator<string> {
    let buffer = '';
    for await (const chunk of jsonChunks(value)) {
      buffer += chunk;
      if (buffer.length >= 1 << 16) {
        yield buffer;
        buffer = '';
      }
    }
    yield `${buffer}\n`;
  }
  await pipeline(Readable.from(batches()), createWriteStream(path));
}
