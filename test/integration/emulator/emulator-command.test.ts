// `evidentia emulator` as a process (compiled CLI in dist/): prints the endpoint and caller keys as export
// lines, serves requests, stops cleanly on SIGTERM, and refuses a bad world file with file:line:column.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');
// The command as `main.ts` will run it: registered on a commander program, errors through handleError.
const script = `
import { Command } from 'commander';
import { registerEmulatorCommand } from './dist/cli/commands/emulator.js';
import { handleError } from './dist/cli/handle-error.js';
const program = new Command('evidentia').exitOverride();
registerEmulatorCommand(program);
try { await program.parseAsync(process.argv.slice(1), { from: 'user' }); }
catch (err) { process.exitCode = handleError(err); }
`;

function run(args: string[]): {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exit: Promise<number | null>;
} {
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, 'emulator', ...args], {
    cwd: root,
    env: {
      ...process.env,
      EVIDENTIA_LOG_LEVEL: 'silent',
    },
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (c) => {
    out += c;
  });
  child.stderr?.on('data', (c) => {
    err += c;
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out: () => out, err: () => err, exit };
}

async function waitFor(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('evidentia emulator', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'evidentia-emulator-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the demo world until SIGTERM and prints export lines for the caller', async () => {
    const proc = run(['--world', 'demo', '--port', '0', '--verbose']);
    await waitFor(() => proc.out().includes('AWS_REGION='), 'the export lines');
    const vars = Object.fromEntries(
      [...proc.out().matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1], m[2]]),
    );
    expect(vars.AWS_ACCESS_KEY_ID).toBe('AKIAEVIDENTIADEMO001');
    expect(vars.AWS_ENDPOINT_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(vars.AWS_REGION).toBe('us-east-1');
    const sts = new STSClient({
      endpoint: vars.AWS_ENDPOINT_URL,
      region: 'us-east-1',
      credentials: {
        accessKeyId: String(vars.AWS_ACCESS_KEY_ID),
        secretAccessKey: String(vars.AWS_SECRET_ACCESS_KEY),
      },
    });
    expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe('111111111111');
    sts.destroy();
    await waitFor(() => proc.err().includes('sts.GetCallerIdentity'), 'the request line');
    expect(proc.err()).toMatch(/ 200 sts\.GetCallerIdentity account=111111111111 region=us-east-1/);
    proc.child.kill('SIGTERM');
    expect(await proc.exit).toBe(0);
    expect(proc.err()).toContain('emulator stopped');
  });

  it('refuses a world file with problems, naming file:line:column, and exits 2', async () => {
    const file = join(dir, 'broken.yaml');
    await writeFile(
      file,
      "organization:\n  id: o-abcdefghij\n  managementAccount: '111111111111'\nregions: [us-east-1]\naccounts:\n  - id: '111111111111'\n    name: m\n    email: m@example.com\n    assumeRole: maybe\n",
    );
    const proc = run(['--world', file, '--port', '0']);
    expect(await proc.exit).toBe(2);
    expect(proc.err()).toMatch(/broken\.yaml:9:17: accounts\[0\]\.assumeRole: /);
    expect(proc.out()).toBe('');
  });
});
