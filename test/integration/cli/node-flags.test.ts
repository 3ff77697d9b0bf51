// `node bin/evidentia.js` (and so the `evidentia` command and the container's ENTRYPOINT) runs with
// Evidentia's V8 flags: the launcher starts Node again in place, same pid, once; a value the user set is kept.

import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { NODE_FLAGS } from '../../../src/cli/node-flags.js';
import { runCli } from '../../support/run-cli.js';

let dir: string;
let probe: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'evidentia-node-flags-'));
  probe = join(dir, 'probe.mjs');
  // Loaded by every Node the command starts (NODE_OPTIONS is inherited): one line per process image.
  await writeFile(
    probe,
    "import { appendFileSync } from 'node:fs';\n" +
      'appendFileSync(process.env.PROBE_OUT, `${JSON.stringify({ pid: process.pid, execArgv: process.execArgv })}\\n`);\n',
  );
});

async function processes(name: string, nodeOptions: string) {
  const out = join(dir, `${name}.jsonl`);
  const r = await runCli(['--version'], {
    env: { NODE_OPTIONS: `--import ${probe} ${nodeOptions}`, PROBE_OUT: out },
  });
  expect(r.code).toBe(0);
  const lines = (await readFile(out, 'utf8')).trim().split('\n');
  return lines.map((l) => JSON.parse(l) as { pid: number; execArgv: string[] });
}

describe('bin/evidentia.js', () => {
  it('runs the CLI in a Node started with every flag, in place (same pid, one restart)', async () => {
    const seen = await processes('plain', '');
    expect(seen).toHaveLength(2);
    expect(seen[1]!.pid).toBe(seen[0]!.pid);
    expect(seen[0]!.execArgv).toEqual([]);
    for (const flag of NODE_FLAGS) expect(seen[1]!.execArgv).toContain(flag);
  });

  it("keeps the user's own value and does not restart", async () => {
    const seen = await processes('own', '--max-semi-space-size=8');
    expect(seen).toHaveLength(1);
    expect(seen[0]!.execArgv).toEqual([]);
  });
});
