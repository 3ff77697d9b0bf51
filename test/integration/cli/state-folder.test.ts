// The trial key follows the state folder (issue 11): `collect --state <dir>` writes it to `<dir>/keys/`, and
// nothing lands in the working directory's `.evidentia/`, whatever EVIDENTIA_STATE_DIR would have said.

import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoWorld, type Emulator, startEmulator } from '../../../src/emulator/index.js';
import { runCli } from '../../support/run-cli.js';

let emulator: Emulator;
let dir: string;
beforeAll(async () => {
  emulator = await startEmulator({ world: demoWorld() });
  dir = await mkdtemp(join(tmpdir(), 'evidentia-state-'));
});
afterAll(() => emulator.close());

it('collect writes the trial key under --state, not under the working directory', async () => {
  const profile = join(dir, 'small.yaml');
  await writeFile(
    profile,
    [
      'type: profile',
      'id: small',
      'name: One account',
      'organization: { name: Example Health }',
      'frameworks: [hipaa-security]',
      'scope:',
      "  accounts: ['111111111111']",
      '  regions: [us-east-1]',
      '  role: { name: EvidentiaAuditRole }',
      '',
    ].join('\n'),
  );
  const state = join(dir, 'state');
  const r = await runCli(
    ['collect', '--profile', profile, '--endpoint', emulator.url, '--out', 'out', '--state', state],
    {
      cwd: dir,
      env: {
        AWS_ACCESS_KEY_ID: emulator.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: emulator.credentials.secretAccessKey,
        AWS_REGION: 'us-east-1',
        EVIDENTIA_STATE_DIR: join(dir, 'env-state'),
      },
    },
  );
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(existsSync(join(dir, '.evidentia'))).toBe(false);
  expect(existsSync(join(dir, 'env-state'))).toBe(false);
  const key = await readFile(join(state, 'keys', 'trial-signer.pem'), 'utf8');
  const run = (await readdir(join(dir, 'out', 'small'))).find(
    (n) => !n.startsWith('.') && !n.endsWith('.gz'),
  );
  const signer = await readFile(join(dir, 'out', 'small', run!, 'signer.pem'), 'utf8');
  expect(key).toContain(signer.trim());
}, 60_000);
