// Write results.json without building it in memory: metadata and roll-ups first, then every finding
// streamed from the findings file.

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { RunResults } from '../core/run-result.js';
import { FindingsFile } from './findings-file.js';

/** Write `results` (whose `findings` are read from `findingsPath`) to `path` as pretty JSON. */
export async function writeResultsFile(
  path: string,
  results: Omit<RunResults, 'findings'>,
  findingsPath: string,
): Promise<void> {
  const out = createWriteStream(path, { flags: 'w' });
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  const head = JSON.stringify(results, null, 2);
  await write(`${head.slice(0, -2)},\n  "findings": [`);
  let first = true;
  for await (const f of FindingsFile.read(findingsPath)) {
    await write(`${first ? '\n' : ',\n'}    ${JSON.stringify(f)}`);
    first = false;
  }
  await write(first ? ']\n}\n' : '\n  ]\n}\n');
  out.end();
  await once(out, 'finish');
}

/** Read a results file back (small and medium runs; large runs should stream the findings file). */
export async function readResultsFile(path: string): Promise<RunResults> {
  const { readFile } = await import('node:fs/promises');
  return JSON.parse(await readFile(path, 'utf8')) as RunResults;
}
