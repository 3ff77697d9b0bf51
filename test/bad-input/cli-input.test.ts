// The bad-input corpus against the CLI: every file under corpus/ (and a few made here: oversized, binary, bad
// flags, an unknown profile) is refused with `file:line:column: field: message`, exit code 2, before any AWS
// call, and nothing is written. The cases run through the CLI's own `main()` with captured output; two real
// processes prove the exit code reaches the shell.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { packageRoot } from '../../src/core/paths.js';
import { demoWorld, type Emulator, startEmulator } from '../../src/emulator/index.js';
import { capture } from '../support/capture-stream.js';
import { type CliResult, runCli } from '../support/run-cli.js';

const CORPUS = 'test/bad-input/corpus';

/** A corpus file, the line and column of the problem, the field it names, and what the message says. */
type Case = [file: string, at: string, field: string, message: RegExp];

const frameworkCases: Case[] = [
  ['malformed-yaml.framework.yaml', '10:5', '', /YAML syntax: Flow sequence .* must be .*end with a \]/],
  [
    'wrong-types.framework.yaml',
    '16:21',
    'controls[0].evidence[0].maxAgeDays',
    /expected number, received string/,
  ],
  [
    'unknown-kind.framework.yaml',
    '13:17',
    'controls[0].evidence[0].kind',
    /expected kind to be one of config-rule, /,
  ],
  [
    'duplicate-ids.framework.yaml',
    '14:9',
    'controls[1].id',
    /duplicate control id '1' \(first defined on line 7\)/,
  ],
  ['duplicate-keys.framework.yaml', '5:1', '', /YAML syntax: Map keys must be unique/],
  [
    'unknown-rule.library.yaml',
    '5:9',
    'queries[0].id',
    /'ENCRYPTED_VOLUMS' is not a known AWS Config managed rule/,
  ],
  [
    'unknown-type.yaml',
    '1:1',
    'type',
    /expected type to be one of framework, evidence-library, profile \(got 'frameworks'\)/,
  ],
];

const profileCases: Case[] = [
  ['bad-account.profile.yaml', '8:30', 'scope.accounts[1]', /expected a 12-digit AWS account id/],
  ['bad-region.profile.yaml', '9:24', 'scope.regions[1]', /expected an AWS region name such as us-east-1/],
  ['bad-cron.profile.yaml', '12:9', 'schedule.cron', /'61 25 \* \* \*' is not a valid cron expression/],
  ['unknown-framework.profile.yaml', '6:14', 'frameworks[0]', /unknown framework 'hipaa-securty' \(known: /],
  [
    'unknown-na-control.profile.yaml',
    '9:18',
    'frameworks[0].notApplicable[0].control',
    /unknown control '164.308\(a\)\(4\)\(ii\)\(Z\)' in hipaa-security/,
  ],
  [
    'missing-justification.profile.yaml',
    '10:9',
    'frameworks[1].notApplicable[0].justification',
    /missing required field \(expected string\)/,
  ],
  ['wrong-types.profile.yaml', '12:16', 'collection.maxAttempts', /expected number, received string/],
  ['unknown-field.profile.yaml', '11:3', 'scope.excludeAcounts', /unknown field 'excludeAcounts'/],
  [
    'unknown-evidence-kind.profile.yaml',
    '14:17',
    'controls[0].evidence[0].kind',
    /expected kind to be one of/,
  ],
  ['malformed-yaml.profile.yaml', '6:1', '', /YAML syntax: Tabs are not allowed as indentation/],
  [
    'bad-delivery.profile.yaml',
    '15:17',
    'delivery.s3.objectLock.retainDays',
    /expected retainDays \(only profiles with the hipaa-security framework default to 2190 days\)/,
  ],
];

const daemonCases: [file: string, problems: [at: string, field: string, message: RegExp][]][] = [
  [
    'bad-values.daemon.yaml',
    [
      ['8:9', 'http.port', /Too big: expected number to be <=65535/],
      ['10:27', 'http.tokens[0].role', /expected one of officer, auditor/],
      ['10:42', 'http.tokens[0].sha256', /expected the SHA-256 of the token as 64 lower-case hex digits/],
    ],
  ],
  [
    'bad-folders.daemon.yaml',
    [
      ['3:9', 'output', /.*bad-folders\.daemon\.yaml exists and is not a folder/],
      ['4:8', 'state', /.*bad-folders\.daemon\.yaml is a file, so .* cannot be made below it/],
    ],
  ],
  [
    'bad-references.daemon.yaml',
    [
      ['7:23', 'profiles[0].schedule.cron', /'61 25 \* \* \*' is not a valid cron expression/],
      ['8:14', 'profiles[1].profile', /unknown profile 'no-such-profile' \(known: /],
      ['3:1', 'http', /http.tokens: expected at least one token/],
    ],
  ],
];

function located(file: string, at: string, field: string, message: RegExp): RegExp {
  const where = `${file}:${at}: ${field ? `${field}: ` : ''}`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`${where}${message.source}`);
}

/** `evidentia ...args` in this process: the exit code `main()` returns and what it printed. */
async function cli(args: string[]): Promise<CliResult> {
  const stdout = capture();
  const stderr = capture();
  const code = await main(['node', 'evidentia', ...args], { stdout, stderr });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

let emulator: Emulator;
let dir: string;
/** The real processes, started first and awaited by their own tests. */
let spawnedValidate: Promise<CliResult>;
let spawnedCollect: Promise<CliResult>;
let spawnedOut: string;

beforeAll(async () => {
  emulator = await startEmulator({ world: demoWorld() });
  dir = await mkdtemp(join(tmpdir(), 'evidentia-bad-input-'));
  spawnedValidate = runCli([
    'frameworks',
    'validate',
    ...frameworkCases.map(([file]) => `${CORPUS}/${file}`),
  ]);
  spawnedOut = join(dir, 'out-spawned');
  spawnedCollect = runCli(
    [
      'collect',
      '--profile',
      `${CORPUS}/bad-account.profile.yaml`,
      '--endpoint',
      emulator.url,
      '--out',
      spawnedOut,
    ],
    {
      env: {
        AWS_ACCESS_KEY_ID: emulator.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: emulator.credentials.secretAccessKey,
        AWS_REGION: 'us-east-1',
      },
    },
  );
});
afterAll(async () => {
  await Promise.allSettled([spawnedValidate, spawnedCollect]);
  await emulator.close();
});

/** `collect` with `profile`: exit 2, the message, no AWS call, no output folder, nothing on stdout. */
async function expectRefusedCollect(profile: string, expected: RegExp, extra: string[] = []): Promise<void> {
  const out = join(dir, `out-${Math.random().toString(36).slice(2)}`);
  const before = emulator.requests.length;
  const r = await cli(['collect', '--profile', profile, '--endpoint', emulator.url, '--out', out, ...extra]);
  expect(r.stderr).toMatch(expected);
  expect(r.code).toBe(2);
  expect(emulator.requests.length).toBe(before);
  expect(existsSync(out)).toBe(false);
  expect(r.stdout).toBe('');
}

describe('framework and evidence-library files (evidentia frameworks validate)', () => {
  it('reports every broken file at once, each at its line and field, and exits 2', async () => {
    const r = await cli(['frameworks', 'validate', ...frameworkCases.map(([file]) => `${CORPUS}/${file}`)]);
    for (const [file, at, field, message] of frameworkCases) {
      expect(r.stderr).toMatch(located(`${CORPUS}/${file}`, at, field, message));
    }
    expect(r.stderr).toMatch(new RegExp(`${frameworkCases.length} problem\\(s\\) found`));
    expect(r.code).toBe(2);
  });

  it('a real process: the same report, and exit code 2 reaches the shell', async () => {
    const r = await spawnedValidate;
    expect(r.stderr).toMatch(new RegExp(`${frameworkCases.length} problem\\(s\\) found`));
    expect(r.code).toBe(2);
  });

  // The YAML parser's alias limit is reported like any other problem: the file at 1:1, exit 2.
  it('alias-bomb.framework.yaml: a resource-exhaustion document names the file and exits 2', async () => {
    const file = `${CORPUS}/alias-bomb.framework.yaml`;
    const r = await cli(['frameworks', 'validate', file]);
    expect(r.stderr).toMatch(new RegExp(`${file}:\\d+:\\d+: .*alias`, 'i'));
    expect(r.code).toBe(2);
  });
});

describe('profiles (evidentia collect): refused before any AWS call, nothing written', () => {
  for (const [file, at, field, message] of profileCases) {
    it(`${file}: names ${at}${field ? ` and ${field}` : ''}`, async () => {
      await expectRefusedCollect(`${CORPUS}/${file}`, located(`${CORPUS}/${file}`, at, field, message));
    });
  }

  it('a real process: exit code 2, the message, no AWS call, nothing written', async () => {
    const r = await spawnedCollect;
    const file = `${CORPUS}/bad-account.profile.yaml`;
    expect(r.stderr).toMatch(
      located(file, '8:30', 'scope.accounts[1]', /expected a 12-digit AWS account id/),
    );
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(existsSync(spawnedOut)).toBe(false);
    expect(emulator.requests).toEqual([]);
  });

  it('an oversized profile is refused by size, unread', async () => {
    const file = join(dir, 'oversized.profile.yaml');
    await writeFile(file, `type: profile\n# ${'x'.repeat(4 * 1024 * 1024)}\n`);
    await expectRefusedCollect(
      file,
      /oversized\.profile\.yaml:1:1: file is \d+ bytes; the limit is 4194304 bytes/,
    );
  });

  it('a binary file is refused as not YAML', async () => {
    const file = join(dir, 'binary.profile.yaml');
    await writeFile(file, Buffer.from([0x74, 0x79, 0x70, 0x65, 0x3a, 0x00, 0x01, 0x02]));
    await expectRefusedCollect(file, /binary\.profile\.yaml:1:1: file is binary, expected YAML text/);
  });

  it('an unknown profile name lists the known ones', async () => {
    await expectRefusedCollect('no-such-profile', /unknown profile 'no-such-profile' \(known: [a-z, -]+\)/);
  });

  it('a profile file that does not exist names the path', async () => {
    await expectRefusedCollect(join(dir, 'missing.yaml'), /missing\.yaml/);
  });

  it('bad option values name the option', async () => {
    await expectRefusedCollect(
      'healthcare',
      /--fail-on:1:1: expected one of fail, error, unproven, got 'never'/,
      ['--fail-on', 'never'],
    );
    const out = join(dir, 'out-endpoint');
    const r = await cli(['collect', '--profile', 'healthcare', '--endpoint', 'not a url', '--out', out]);
    expect(r.stderr).toMatch(/--endpoint:1:1: expected an http\(s\) URL, got 'not a url'/);
    expect(r.code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });
});

describe('output and state folders that cannot be written: exit 2 naming the option, nothing written', () => {
  it('--out an existing file (it was ENOTDIR, exit 3), and --out / --state below a file', async () => {
    const file = join(dir, 'a-file');
    await writeFile(file, 'not a folder\n');
    await expectRefusedCollect('healthcare', /a-file:1:1: --out: exists and is not a folder/, [
      '--out',
      file,
    ]);
    const r = await cli([
      'collect',
      '--profile',
      'healthcare',
      '--endpoint',
      emulator.url,
      '--out',
      join(file, 'out'),
      '--state',
      join(file, 'state'),
    ]);
    expect(r.stderr).toMatch(/a-file:1:1: --out: is a file, so .*a-file\/out cannot be made below it/);
    expect(r.stderr).toMatch(/a-file:1:1: --state: is a file, so .*a-file\/state cannot be made below it/);
    expect(r.code).toBe(2);
    expect(await readFile(file, 'utf8')).toBe('not a folder\n');
  });

  it('--out where even root cannot write (/proc): refused, where mkdir -p used to hang for ever', async () => {
    const before = emulator.requests.length;
    const r = await cli([
      'collect',
      '--profile',
      'healthcare',
      '--endpoint',
      emulator.url,
      '--out',
      '/proc/evidentia-out',
    ]);
    expect(r.stderr).toMatch(
      /\/proc:1:1: --out: is not writable \((ENOENT|EACCES|EPERM)\), so \/proc\/evidentia-out cannot be made in it/,
    );
    expect(r.code).toBe(2);
    expect(emulator.requests.length).toBe(before);
  });

  it('--out in a folder the user may not write (EACCES; as root the CLI runs as nobody)', async () => {
    // Root may write anywhere, so a real permission problem needs another user: the CLI as uid 65534.
    const asRoot = process.getuid?.() === 0;
    const base = await mkdtemp(join(tmpdir(), 'evidentia-eacces-'));
    const locked = join(base, 'locked');
    const state = join(base, 'state');
    await mkdir(locked);
    await mkdir(state);
    await chmod(base, 0o755);
    await chmod(locked, 0o555);
    await chmod(state, 0o777);
    const r = await new Promise<CliResult>((done, fail) => {
      const child = spawn(
        process.execPath,
        [
          join(packageRoot(), 'bin', 'evidentia.js'),
          'collect',
          '--profile',
          'healthcare',
          '--endpoint',
          emulator.url,
          '--out',
          join(locked, 'out'),
          '--state',
          state,
        ],
        {
          env: { ...process.env, EVIDENTIA_LOG_LEVEL: 'warn' },
          ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
        },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => {
        stdout += d;
      });
      child.stderr.on('data', (d) => {
        stderr += d;
      });
      child.on('error', fail);
      child.on('close', (code) => done({ code, stdout, stderr }));
    });
    expect(r.stderr).toMatch(
      /locked:1:1: --out: is not writable \(EACCES\), so .*locked\/out cannot be made in it/,
    );
    expect(r.code).toBe(2);
    expect(await readdir(locked)).toEqual([]);
    expect(await readdir(state)).toEqual([]);
  });
});

describe('daemon configurations (evidentia daemon --config): refused at start, nothing written', () => {
  it('alias-bomb.daemon.yaml: a resource-exhaustion document names the file and exits 2 (it was exit 3)', async () => {
    const here = await mkdtemp(join(dir, 'daemon-'));
    const config = join(here, 'alias-bomb.daemon.yaml');
    await copyFile(join(CORPUS, 'alias-bomb.daemon.yaml'), config);
    const r = await cli(['daemon', '--config', config]);
    expect(r.stderr).toMatch(located(config, '1:1', '', /YAML: Excessive alias count/));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(await readdir(here)).toEqual(['alias-bomb.daemon.yaml']);
  });

  for (const [file, problems] of daemonCases) {
    it(`${file}: names ${problems.map(([at, field]) => `${at} ${field}`).join(', ')}`, async () => {
      // A copy in a folder of its own: the output and state folders it names would be made beside it.
      const here = await mkdtemp(join(dir, 'daemon-'));
      const config = join(here, file);
      await copyFile(join(CORPUS, file), config);
      const r = await cli(['daemon', '--config', config]);
      for (const [at, field, message] of problems)
        expect(r.stderr).toMatch(located(config, at, field, message));
      expect(r.stderr).toMatch(new RegExp(`${problems.length} problems in `));
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(await readdir(here)).toEqual([file]);
    });
  }
});
