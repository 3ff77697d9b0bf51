// Child process of the benchmark: the floor for anything that looks at every finding — one plain pass that
// reads findings.jsonl and parses each line, nothing else — timed in its own fresh process, in the same run
// as the rendering it is compared with.

import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

const file = JSON.parse(process.argv[2] ?? 'null') as string | null;
if (!file) throw new Error('usage: floor-pass.js "<findings.jsonl>" (a JSON string)');
const t0 = performance.now();
let lines = 0;
let chars = 0;
for await (const line of createInterface({
  input: createReadStream(file),
  crlfDelay: Number.POSITIVE_INFINITY,
})) {
  if (!line) continue;
  const value = JSON.parse(line) as Record<string, unknown>;
  // Touch the parsed value so the parse cannot be skipped.
  chars += Object.keys(value).length;
  lines += 1;
}
process.send?.({ type: 'floor', ms: performance.now() - t0, lines, keys: chars });
process.disconnect?.();
