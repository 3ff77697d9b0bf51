// Compliance as code, end to end through the real CLI against the emulator: a run reports NOT_EVALUATED for the
// managed rules that are not deployed → `packs generate --missing-from <run>` → `packs deploy` (a dry run changes
// nothing) → `packs deploy --apply` → the next run evaluates every one of those rules, and finds nothing missing.
// The organisation variant does the same through PutOrganizationConformancePack. Bad input exits 2 before any call.

import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeConformancePacksCommand } from '@aws-sdk/client-config-service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Finding } from '../../../src/core/finding.js';
import { type Emulator, startEmulator } from '../../../src/emulator/index.js';
import { isUndeployedRuleFinding } from '../../../src/packs/missing-rules.js';
import type { PackManifest } from '../../../src/packs/pack-manifest.js';
import {
  MAX_RULES_PER_PACK,
  MAX_TEMPLATE_BYTES,
  packTemplate,
  ruleNameOf,
} from '../../../src/packs/pack-template.js';
import { loadRun } from '../../../src/store/results-file.js';
import { runCli } from '../../support/run-cli.js';
import { configIn, MGMT, PROD, testWorld } from '../emulator/emulator-fixture.js';

const key = (f: Finding) => `${f.queryKey}|${f.accountId}/${f.region}`;

function profileYaml(id: string): string {
  return [
    'type: profile',
    `id: ${id}`,
    'name: Packs round trip',
    'organization: { name: Example Health }',
    'frameworks: [hipaa-security]',
    'scope:',
    `  accounts: ['${MGMT}', '${PROD}']`,
    '  regions: [us-east-1, eu-west-1]',
    '  role: { name: EvidentiaAuditRole }',
    '',
  ].join('\n');
}

describe('packs round trip', () => {
  let emu: Emulator;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  /** A fresh emulator: each test starts from the world with its rules missing. */
  async function fresh(): Promise<void> {
    await emu?.close();
    emu = await startEmulator({ world: testWorld() });
    env = {
      AWS_ACCESS_KEY_ID: emu.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: emu.credentials.secretAccessKey,
      AWS_REGION: 'us-east-1',
    };
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'evidentia-packs-'));
    await fresh();
  });
  afterAll(() => emu.close());

  async function collect(profile: string, out: string): Promise<{ dir: string; findings: Finding[] }> {
    const before = new Set(await readdir(out).catch(() => []));
    const r = await runCli(['collect', '--profile', profile, '--endpoint', emu.url, '--out', out], {
      env,
      timeoutMs: 120_000,
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const id = parse(await readFile(profile, 'utf8')).id as string;
    const runs = (await readdir(join(out, id))).filter((n) => !n.startsWith('.') && !n.endsWith('.gz'));
    const runDir = join(
      out,
      id,
      runs
        .filter((n) => !before.has(n))
        .sort()
        .at(-1)!,
    );
    return { dir: runDir, findings: (await loadRun(runDir)).findings };
  }

  async function evidentiaPacks(prefix: string): Promise<string[]> {
    const names: string[] = [];
    for (const account of [MGMT, PROD]) {
      for (const region of ['us-east-1', 'eu-west-1']) {
        const c = await configIn(emu, account, region);
        const out = await c.send(new DescribeConformancePacksCommand({}));
        c.destroy();
        for (const p of out.ConformancePackDetails ?? []) {
          if (p.ConformancePackName?.includes(prefix))
            names.push(`${account}/${region}/${p.ConformancePackName}`);
        }
      }
    }
    return names;
  }

  it('missing rules → generate → dry run → apply → the next run evaluates them', {
    timeout: 300_000,
  }, async () => {
    const profile = join(dir, 'roundtrip.yaml');
    await writeFile(profile, profileYaml('roundtrip'));
    const out = join(dir, 'out');

    const first = await collect(profile, out);
    const missing = first.findings.filter(isUndeployedRuleFinding);
    expect(missing.length).toBeGreaterThan(0);
    for (const f of missing) expect(f.status).toBe('NOT_EVALUATED');
    const missingRules = new Set(missing.map((f) => f.queryKey.slice('config-rule:'.length)));
    // The world decides how a rule evaluates once a pack deploys it: make one missing rule fail on a volume in
    // the management account, so the next run must show exactly that FAIL (not merely "something evaluated").
    const probe = [...missingRules].sort()[0]!;
    const spec = emu.world.accountSpec(MGMT)!;
    spec.rules = {
      ...(spec.rules ?? {}),
      [probe]: {
        deployed: false,
        evaluations: [
          {
            resourceType: 'AWS::EC2::Volume',
            resourceId: 'vol-probe',
            compliance: 'NON_COMPLIANT',
            annotation: 'declared by the test',
          },
        ],
      },
    };
    // The report points to the fix: the section, and the pack named for each missing rule.
    const html = await readFile(join(first.dir, 'reports', 'report.html'), 'utf8');
    expect(html).toContain('id="what-to-deploy"');

    const packsDir = join(dir, 'packs');
    const gen = await runCli(
      ['packs', 'generate', '--profile', profile, '--missing-from', first.dir, '--out', packsDir],
      { env },
    );
    expect(gen.stderr).toBe('');
    expect(gen.code).toBe(0);
    const manifest = JSON.parse(await readFile(join(packsDir, 'packs.json'), 'utf8')) as PackManifest;
    expect(manifest.packs.flatMap((p) => p.rules).sort()).toEqual([...missingRules].sort());
    for (const p of manifest.packs) {
      const template = await readFile(join(packsDir, p.file), 'utf8');
      expect(Buffer.byteLength(template)).toBeLessThanOrEqual(MAX_TEMPLATE_BYTES);
      expect(Object.keys(parse(template).Resources).length).toBeLessThanOrEqual(MAX_RULES_PER_PACK);
      // Every pack named in the report is a pack generate wrote.
      expect(html).toContain(p.name);
    }

    const dry = await runCli(
      ['packs', 'deploy', '--profile', profile, '--dir', packsDir, '--endpoint', emu.url],
      {
        env,
      },
    );
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/would create\s+evidentia-roundtrip-missing-/);
    expect(dry.stdout).toMatch(/nothing was changed/);
    expect(await evidentiaPacks('evidentia-roundtrip')).toEqual([]);

    const apply = await runCli(
      ['packs', 'deploy', '--profile', profile, '--dir', packsDir, '--endpoint', emu.url, '--apply'],
      { env },
    );
    expect(apply.stderr).toBe('');
    expect(apply.code).toBe(0);
    expect(apply.stdout).toMatch(/created\s+evidentia-roundtrip-missing-/);
    expect(apply.stdout).toMatch(/0 failed/);
    expect((await evidentiaPacks('evidentia-roundtrip')).length).toBeGreaterThan(0);

    const again = await runCli(
      ['packs', 'deploy', '--profile', profile, '--dir', packsDir, '--endpoint', emu.url],
      {
        env,
      },
    );
    expect(again.code).toBe(0);
    expect(again.stdout).not.toMatch(/would (create|update)/);
    expect(again.stdout).toMatch(/unchanged/);

    const second = await collect(profile, out);
    expect(second.findings.filter(isUndeployedRuleFinding)).toEqual([]);
    const now = new Map(second.findings.map((f) => [key(f), f]));
    for (const f of missing) {
      const after = now.get(key(f));
      expect(after, key(f)).toBeDefined();
      expect(['PASS', 'FAIL', 'NOT_APPLICABLE'], `${key(f)}: ${after?.reason}`).toContain(after?.status);
    }
    // us-east-1 is the home region, so the probe is evaluated there whether or not it is a global rule.
    const probed = now.get(`config-rule:${probe}|${MGMT}/us-east-1`);
    expect(probed?.status, probed?.reason).toBe('FAIL');
    expect(probed?.resources.map((r) => `${r.resourceId}:${r.annotation}`)).toContain(
      'vol-probe:declared by the test',
    );
    expect(
      second.findings.filter((f) => f.status === 'PASS' && missingRules.has(f.queryKey.slice(12))).length,
    ).toBeGreaterThan(0);
    // Nothing left to deploy.
    const none = await runCli(
      ['packs', 'generate', '--profile', profile, '--missing-from', second.dir, '--out', packsDir],
      { env },
    );
    expect(none.code).toBe(0);
    expect(none.stdout).toMatch(/nothing to deploy/);
    // The same folder now holds exactly what its packs.json lists: no pack, no stale template.
    expect(await readdir(packsDir)).toEqual(['packs.json']);
  });

  it('the organisation variant deploys through the management account into every member account', {
    timeout: 300_000,
  }, async () => {
    await fresh();
    const profile = join(dir, 'orgtrip.yaml');
    await writeFile(profile, profileYaml('orgtrip'));
    const out = join(dir, 'out-org');
    const first = await collect(profile, out);
    expect(first.findings.some(isUndeployedRuleFinding)).toBe(true);
    const packsDir = join(dir, 'packs-org');
    const gen = await runCli(
      [
        'packs',
        'generate',
        '--profile',
        profile,
        '--missing-from',
        first.dir,
        '--out',
        packsDir,
        '--organization',
      ],
      { env },
    );
    expect(gen.code).toBe(0);
    const apply = await runCli(
      ['packs', 'deploy', '--profile', profile, '--dir', packsDir, '--endpoint', emu.url, '--apply'],
      { env },
    );
    expect(apply.stderr).toBe('');
    expect(apply.code).toBe(0);
    expect(apply.stdout).toMatch(/created\s+evidentia-orgtrip-missing-\S+ in organization\/us-east-1/);
    const member = await evidentiaPacks('OrgConformsPack-evidentia-orgtrip');
    expect(member.some((n) => n.startsWith(`${PROD}/`))).toBe(true);
    const second = await collect(profile, out);
    expect(second.findings.filter(isUndeployedRuleFinding)).toEqual([]);
  });

  it('the whole profile’s packs: an update that drops a rule says so in the dry run, then removes it', {
    timeout: 300_000,
  }, async () => {
    await fresh();
    const profile = join(dir, 'whole.yaml');
    await writeFile(profile, profileYaml('whole'));
    const packsDir = join(dir, 'packs-whole');
    const gen = await runCli(['packs', 'generate', '--profile', profile, '--out', packsDir], { env });
    expect(gen.code).toBe(0);
    const manifest = JSON.parse(await readFile(join(packsDir, 'packs.json'), 'utf8')) as PackManifest;
    expect(manifest.packs.map((p) => p.name)).toEqual(['evidentia-whole-1', 'evidentia-whole-global-1']);
    const deploy = (...extra: string[]) =>
      runCli(['packs', 'deploy', '--profile', profile, '--dir', packsDir, '--endpoint', emu.url, ...extra], {
        env,
      });
    const applied = await deploy('--apply');
    expect(applied.code).toBe(0);
    // Regional packs go to both accounts in both regions, the global pack to the home region only; not where
    // AWS Config is not recording (production's eu-west-1): a pack cannot deploy there, and the output says so.
    expect(applied.stdout.match(/^created\s+evidentia-whole-1 in/gm)).toHaveLength(3);
    expect(applied.stdout).toContain(
      `skipped   evidentia-whole-1 in ${PROD}/eu-west-1: AWS Config is not recording here; a pack cannot deploy there`,
    );
    expect(applied.stdout).toMatch(/1 skipped \(AWS Config not recording\), 0 failed/);
    expect(applied.stdout.match(/^created\s+evidentia-whole-global-1 in \d{12}\/us-east-1:/gm)).toHaveLength(
      2,
    );

    // The catalogue no longer needs one rule of the regional pack: its template drops it.
    const pack = manifest.packs[0]!;
    const dropped = pack.rules.at(-1)!;
    const kept = pack.rules.slice(0, -1);
    const template = packTemplate(
      pack.name,
      'whole',
      kept.map((identifier) => ({
        identifier,
        global: false,
        resourceTypes: [],
        inputParameters: {},
        controls: [],
      })),
    );
    await writeFile(join(packsDir, pack.file), template);
    manifest.packs[0] = { ...pack, rules: kept, sha256: createHash('sha256').update(template).digest('hex') };
    await writeFile(join(packsDir, 'packs.json'), JSON.stringify(manifest));
    const dry = await deploy();
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(
      `would update evidentia-whole-1 in ${MGMT}/us-east-1: rules as in the template; removes 1: ${ruleNameOf(dropped)}`,
    );
    expect(dry.stdout).toMatch(new RegExp(`unchanged evidentia-whole-global-1 in ${MGMT}/us-east-1`));
    const update = await deploy('--apply');
    expect(update.stdout).toMatch(/^updated\s+evidentia-whole-1 in/m);
    const after = await deploy();
    expect(after.stdout).not.toMatch(/would (create|update)/);
  });

  it('bad input exits 2 with the file and field, before any AWS call', async () => {
    const profile = join(dir, 'badinput.yaml');
    await writeFile(profile, profileYaml('badinput'));
    const noRun = await runCli(
      ['packs', 'generate', '--profile', profile, '--missing-from', join(dir, 'no-such-run')],
      { env },
    );
    expect(noRun.code).toBe(2);
    expect(noRun.stderr).toMatch(/no-such-run\/results\.json:1:1: --missing-from: no results\.json here/);

    const unknown = await runCli(['packs', 'generate', '--profile', 'no-such-profile'], { env });
    expect(unknown.code).toBe(2);

    const malformed = join(dir, 'malformed-run');
    await mkdir(malformed, { recursive: true });
    await writeFile(join(malformed, 'results.json'), '{ "schemaVersion": ');
    const bad = await runCli(['packs', 'generate', '--profile', profile, '--missing-from', malformed], {
      env,
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/malformed-run\/results\.json:1:1: --missing-from: cannot read the run/);

    const packsDir = join(dir, 'packs-bad');
    const gen = await runCli(['packs', 'generate', '--profile', profile, '--out', packsDir], { env });
    expect(gen.code).toBe(0);
    const manifest = JSON.parse(await readFile(join(packsDir, 'packs.json'), 'utf8')) as PackManifest;
    const first = manifest.packs[0]!;
    await writeFile(
      join(packsDir, first.file),
      `${await readFile(join(packsDir, first.file), 'utf8')}# edited\n`,
    );
    const requestsBefore = emu.requests.length;
    const tampered = await runCli(
      ['packs', 'deploy', '--profile', profile, '--dir', packsDir, '--endpoint', emu.url, '--apply'],
      { env },
    );
    expect(tampered.code).toBe(2);
    expect(tampered.stderr).toContain(`${first.file}:1:1: packs.0.sha256: changed since it was generated`);
    expect(emu.requests.length).toBe(requestsBefore);

    manifest.packs[0] = { ...first, name: '9-not-a-pack-name' };
    await writeFile(join(packsDir, 'packs.json'), JSON.stringify(manifest));
    const badName = await runCli(['packs', 'deploy', '--profile', profile, '--dir', packsDir], { env });
    expect(badName.code).toBe(2);
    expect(badName.stderr).toMatch(/packs\.json:1:1: packs\.0\.name: expected a conformance pack name/);
  });
});
