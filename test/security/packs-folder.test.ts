// A packs folder is read back by `packs deploy`, and a run folder by `packs generate --missing-from`: both are
// input someone else may have written. Each hostile folder below must exit 2 naming the file and field before
// any AWS call (the emulator's request log does not grow), even with --apply: a template reached through a link,
// a FIFO, a template rewritten with its SHA-256 recomputed (another rule, a YAML alias bomb), a manifest that
// targets accounts outside the profile, and a run whose findings name an account the profile does not cover.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, lstat, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../src/emulator/index.js';
import type { PackManifest } from '../../src/packs/pack-manifest.js';
import { MGMT, PROD, testWorld } from '../integration/emulator/emulator-fixture.js';
import { runCli } from '../support/run-cli.js';

const PROFILE_ID = 'hostile-packs';
const OUTSIDE = '999999999999';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('packs folders and run folders from someone else', () => {
  let emu: Emulator;
  let dir: string;
  let profile: string;
  let generated: string;
  let env: NodeJS.ProcessEnv;
  let manifest: PackManifest;

  beforeAll(async () => {
    emu = await startEmulator({ world: testWorld() });
    env = {
      AWS_ACCESS_KEY_ID: emu.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: emu.credentials.secretAccessKey,
      AWS_REGION: 'us-east-1',
    };
    dir = await mkdtemp(join(tmpdir(), 'evidentia-hostile-packs-'));
    profile = join(dir, 'profile.yaml');
    await writeFile(
      profile,
      [
        'type: profile',
        `id: ${PROFILE_ID}`,
        'name: Hostile packs',
        'organization: { name: Example Health }',
        'frameworks: [hipaa-security]',
        'scope:',
        `  accounts: ['${MGMT}', '${PROD}']`,
        '  regions: [us-east-1]',
        '  role: { name: EvidentiaAuditRole }',
        '',
      ].join('\n'),
    );
    generated = join(dir, 'generated');
    const gen = await runCli(['packs', 'generate', '--profile', profile, '--out', generated], { env });
    expect(gen.code).toBe(0);
    manifest = JSON.parse(await readFile(join(generated, 'packs.json'), 'utf8')) as PackManifest;
  });
  afterAll(() => emu?.close());

  /** A copy of the generated folder, changed by `edit`. */
  async function hostile(name: string, edit: (d: string, m: PackManifest) => Promise<void>): Promise<string> {
    const d = join(dir, name);
    await cp(generated, d, { recursive: true });
    const m = structuredClone(manifest);
    await edit(d, m);
    await writeFile(join(d, 'packs.json'), JSON.stringify(m));
    return d;
  }

  /** `packs deploy --apply` on `d`: exit 2, the message, and not one AWS request. */
  async function refused(d: string, message: RegExp): Promise<void> {
    const before = emu.requests.length;
    const r = await runCli(
      ['packs', 'deploy', '--profile', profile, '--dir', d, '--endpoint', emu.url, '--apply'],
      { env, timeoutMs: 20_000 },
    );
    expect(r.stderr).toMatch(message);
    expect(r.code).toBe(2);
    expect(emu.requests.length).toBe(before);
  }

  it('refuses a template that is a link, even to a file with the pinned content', async () => {
    const first = manifest.packs[0]!;
    const outside = join(dir, 'outside.yaml');
    await writeFile(outside, await readFile(join(generated, first.file), 'utf8'));
    const d = await hostile('link', async (d) => {
      await rm(join(d, first.file));
      await symlink(outside, join(d, first.file));
    });
    await refused(d, new RegExp(`${first.file}:1:1: packs\\.0\\.file: is a symbolic link`));
  });

  it('refuses a template that is a FIFO without waiting on it', async () => {
    const first = manifest.packs[0]!;
    const d = await hostile('fifo', async (d) => {
      await rm(join(d, first.file));
      execFileSync('mkfifo', [join(d, first.file)]);
    });
    await refused(d, new RegExp(`${first.file}:1:1: packs\\.0\\.file: is not a regular file`));
  });

  it('refuses a template rewritten with its SHA-256 recomputed', async () => {
    const lambda = [
      '  Backdoor:',
      '    Type: AWS::Config::ConfigRule',
      '    Properties:',
      '      ConfigRuleName: "backdoor"',
      '      Source:',
      '        Owner: CUSTOM_LAMBDA',
      '        SourceIdentifier: "arn:aws:lambda:us-east-1:999999999999:function:x"',
      '',
    ].join('\n');
    const d = await hostile('extra-rule', async (d, m) => {
      const text = `${await readFile(join(d, m.packs[0]!.file), 'utf8')}${lambda}`;
      await writeFile(join(d, m.packs[0]!.file), text);
      m.packs[0]!.sha256 = sha(text);
    });
    await refused(d, /packs\.0\.rules: resource Backdoor: Source must be an AWS managed rule/);

    const bomb = [
      'Resources:',
      '  A: &a ["x","x","x","x","x","x","x","x","x","x"]',
      '  B: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      '  C: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      '  D: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      '',
    ].join('\n');
    const b = await hostile('bomb', async (d, m) => {
      await writeFile(join(d, m.packs[0]!.file), bomb);
      m.packs[0]!.sha256 = sha(bomb);
    });
    await refused(b, /packs\.0\.rules: not a generated template: .*[Aa]lias/);
  });

  it('refuses a manifest of this profile that targets accounts outside its scope', async () => {
    const needed = await hostile('needed-in', async (_d, m) => {
      m.packs[0]!.neededIn = [`${OUTSIDE}/us-east-1`];
    });
    await refused(
      needed,
      new RegExp(`packs\\.json:1:1: packs\\.0\\.neededIn\\.0: account ${OUTSIDE} is not in`),
    );
    const accounts = await hostile('accounts', async (_d, m) => {
      m.accounts = [MGMT, OUTSIDE];
    });
    await refused(accounts, new RegExp(`packs\\.json:1:1: accounts\\.1: account ${OUTSIDE} is not in`));
    const twice = await hostile('twice', async (_d, m) => {
      const other = m.packs.find((p) => p.file !== m.packs[0]!.file);
      if (other) other.name = m.packs[0]!.name;
      else m.packs.push({ ...m.packs[0]! });
    });
    await refused(twice, /packs\.json:1:1: packs\.\d+: pack .* is listed twice/);
    const regions = await hostile('regions', async (_d, m) => {
      m.regions = ['us-east-1', 'ap-south-1'];
    });
    await refused(regions, /packs\.json:1:1: regions\.1: region ap-south-1 is not in the profile/);
  });

  it('generate --missing-from refuses a run whose findings name an account outside the profile', async () => {
    const rule = manifest.packs[0]!.rules[0]!;
    for (const accountId of [OUTSIDE, '../../etc']) {
      const run = join(dir, `run-${accountId.replace(/\W/g, '_')}`);
      await mkdir(run, { recursive: true });
      const finding = {
        kind: 'config-rule',
        status: 'NOT_EVALUATED',
        notDeployed: true,
        queryKey: `config-rule:${rule}`,
        frameworkId: 'hipaa-security',
        controlId: '164.312(a)(1)',
        accountId,
        region: 'us-east-1',
      };
      await writeFile(
        join(run, 'results.json'),
        JSON.stringify({ schemaVersion: 1, run: { profile: { id: PROFILE_ID } }, findings: [finding] }),
      );
      const out = join(dir, `from-${accountId.replace(/\W/g, '_')}`);
      const r = await runCli(
        ['packs', 'generate', '--profile', profile, '--missing-from', run, '--out', out],
        { env },
      );
      expect(r.stderr).toMatch(
        /findings\.jsonl:1:1: accountId\/region: a finding of .* is outside the profile/,
      );
      expect(r.code).toBe(2);
      await expect(readFile(join(out, 'packs.json'))).rejects.toThrow();
    }
  });

  it('generate replaces a link planted in its output folder instead of writing through it', async () => {
    const out = join(dir, 'planted');
    await mkdir(out, { recursive: true });
    const victim = join(dir, 'victim.txt');
    await writeFile(victim, 'precious');
    const first = manifest.packs[0]!;
    await symlink(victim, join(out, first.file));
    await symlink(victim, join(out, 'packs.json'));
    const gen = await runCli(['packs', 'generate', '--profile', profile, '--out', out], { env });
    expect(gen.code).toBe(0);
    expect(await readFile(victim, 'utf8')).toBe('precious');
    expect((await lstat(join(out, first.file))).isFile()).toBe(true);
    expect((await lstat(join(out, 'packs.json'))).isFile()).toBe(true);
    expect(sha(await readFile(join(out, first.file), 'utf8'))).toBe(first.sha256);
  });
});
