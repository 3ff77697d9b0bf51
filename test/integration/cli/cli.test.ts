// The command line as a user meets it: exit codes, file:line errors before any AWS call, machine-readable output.

import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoWorld, type Emulator, startEmulator } from '../../../src/emulator/index.js';
import { runCli } from '../../support/run-cli.js';

let emulator: Emulator;
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  emulator = await startEmulator({ world: demoWorld() });
  dir = await mkdtemp(join(tmpdir(), 'evidentia-cli-'));
  env = {
    AWS_ACCESS_KEY_ID: emulator.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: emulator.credentials.secretAccessKey,
    AWS_REGION: 'us-east-1',
  };
});
afterAll(() => emulator.close());

describe('frameworks', () => {
  it('validate names file, line, column and field of a broken framework and exits 2', async () => {
    const file = join(dir, 'broken.yaml');
    await writeFile(
      file,
      'type: framework\nid: broken\nname: Broken\nversion: "1"\ncontrols:\n  - id: "1"\n    ref: B 1\n    title: t\n    summary: s\n    responsibility: everyone\n    evidence: [{ kind: manual, title: x, owner: o }]\n',
    );
    const r = await runCli(['frameworks', 'validate', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /broken\.yaml:10:21: controls\[0\]\.responsibility: expected one of aws, customer, shared/,
    );
  });

  it('validate passes on the whole catalogue and every built-in profile', async () => {
    const r = await runCli(['frameworks', 'validate']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ok: 5 framework\(s\), \d+ library queries, 4 profile\(s\) valid/);
  });

  it('show --json exports the framework in the documented shape', async () => {
    const r = await runCli(['frameworks', 'show', 'hipaa-security', '--json']);
    expect(r.code).toBe(0);
    const fw = JSON.parse(r.stdout) as {
      id: string;
      name: string;
      version: string;
      controls: {
        id: string;
        ref: string;
        title: string;
        responsibility: string;
        evidence: { kind: string }[];
      }[];
    };
    expect(fw).toMatchObject({ id: 'hipaa-security', name: 'HIPAA Security Rule' });
    const c = fw.controls.find((x) => x.id === '164.312(a)(2)(iv)');
    expect(c).toMatchObject({ ref: '45 CFR 164.312(a)(2)(iv)', responsibility: expect.any(String) });
    expect(c?.evidence.map((e) => e.kind)).toContain('config-rule');
  });

  it('crosswalk shows every control a managed rule supports, across frameworks', async () => {
    const r = await runCli(['frameworks', 'crosswalk', 'ENCRYPTED_VOLUMES']);
    expect(r.code).toBe(0);
    for (const fw of ['hipaa-security', 'pci-dss-4.0.1', 'iso27001-2022']) expect(r.stdout).toContain(fw);
  });
});

describe('collect', () => {
  it('refuses a malformed profile with file:line before any AWS call, writing nothing', async () => {
    const profile = join(dir, 'bad-profile.yaml');
    await writeFile(
      profile,
      'type: profile\nid: bad\nname: Bad\norganization: { name: O }\nframeworks: [hipaa-security]\nscope:\n  accounts: ["12345"]\n  regions: [us-east-1]\n  role: { name: R }\n',
    );
    const before = emulator.requests.length;
    const out = join(dir, 'out-bad');
    const r = await runCli(['collect', '--profile', profile, '--endpoint', emulator.url, '--out', out], {
      env,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /bad-profile\.yaml:7:\d+: scope\.accounts\[0\]: expected a 12-digit AWS account id/,
    );
    expect(emulator.requests.length).toBe(before);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a profile whose signing key cannot be read before any AWS call (exit 2)', async () => {
    const profile = join(dir, 'bad-key.yaml');
    await writeFile(
      profile,
      'type: profile\nid: badkey\nname: Bad key\norganization: { name: O }\nframeworks: [hipaa-security]\nscope:\n  accounts: organization\n  regions: [us-east-1]\n  role: { name: EvidentiaAuditRole }\nsigning: { kind: local, p12: missing.p12 }\n',
    );
    const before = emulator.requests.length;
    const r = await runCli(
      ['collect', '--profile', profile, '--endpoint', emulator.url, '--out', join(dir, 'out-key')],
      { env },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing\.p12/);
    expect(emulator.requests.length).toBe(before);
  });

  it('refuses an unknown profile name with exit 2', async () => {
    const r = await runCli(['collect', '--profile', 'no-such-profile'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /unknown profile 'no-such-profile' \(known: financial, healthcare, nonprofit, retail\)/,
    );
  });

  it('collects from the demo organisation, exits 0, and 1 with --fail-on fail when controls fail', async () => {
    // One account and region of the demo organisation keeps this quick; the demo and e2e checks run the full profiles.
    const out = join(dir, 'out');
    const small = join(dir, 'small.yaml');
    await writeFile(
      small,
      [
        'type: profile',
        'id: small',
        'name: One account',
        'organization: { name: Example Health }',
        'frameworks: [hipaa-security]',
        'scope:',
        "  accounts: ['333333333333']",
        '  regions: [us-east-1]',
        '  role: { name: EvidentiaAuditRole }',
        '',
      ].join('\n'),
    );
    const ok = await runCli(['collect', '--profile', small, '--endpoint', emulator.url, '--out', out], {
      env,
    });
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/hipaa-security/);
    const runs = (await readdir(join(out, 'small'))).filter((n) => !n.startsWith('.'));
    expect(runs.length).toBeGreaterThanOrEqual(1);
    expect(existsSync(join(out, 'small', runs[0]!, 'results.json'))).toBe(true);
    const failing = await runCli(
      ['collect', '--profile', small, '--endpoint', emulator.url, '--out', out, '--fail-on', 'fail'],
      { env },
    );
    expect(failing.stderr).toBe('');
    expect(failing.code).toBe(1);

    // Both runs went into the run history, so the second report has a history section, and `runs` lists them.
    const second = (await readdir(join(out, 'small'))).filter(
      (n) => !n.startsWith('.') && !n.endsWith('.gz'),
    );
    const newest = second.sort().at(-1)!;
    const html = await readFile(join(out, 'small', newest, 'reports', 'report.html'), 'utf8');
    expect(html).toContain('<section id="history"');
    const listed = await runCli(['runs', 'list', '--json'], { env });
    expect(listed.code).toBe(0);
    const ids = (JSON.parse(listed.stdout) as { runId: string }[]).map((r) => r.runId);
    expect(ids).toEqual(expect.arrayContaining(second));
  });

  it('--fail-on unproven exits 1 while controls await attestations; a run that reads no account exits 3', async () => {
    const write = async (name: string, accounts: string) => {
      const file = join(dir, `${name}.yaml`);
      await writeFile(
        file,
        [
          'type: profile',
          `id: ${name}`,
          'name: Fail-on',
          'organization: { name: Example Health }',
          'frameworks: [hipaa-security]',
          'scope:',
          `  accounts: [${accounts}]`,
          '  regions: [us-east-1]',
          '  role: { name: EvidentiaAuditRole }',
          '',
        ].join('\n'),
      );
      return file;
    };
    const out = join(dir, 'out-fail-on');
    const readable = await write('readable', "'111111111111'");
    const unproven = await runCli(
      ['collect', '--profile', readable, '--endpoint', emulator.url, '--out', out, '--fail-on', 'unproven'],
      { env },
    );
    expect(unproven.stderr).toBe('');
    expect(unproven.code).toBe(1);
    // The sandbox's audit role cannot be assumed: every verdict is ERROR, and that is no completed assessment,
    // whatever --fail-on says (before, this exited 0 with --fail-on fail).
    const sandbox = await write('sandbox-only', "'444444444444'");
    const none = await runCli(
      ['collect', '--profile', sandbox, '--endpoint', emulator.url, '--out', out, '--fail-on', 'fail'],
      { env },
    );
    expect(none.stderr).toMatch(/could read no account \(444444444444\); every verdict is unproven/);
    expect(none.code).toBe(3);
    const results = JSON.parse(
      await readFile(
        join(
          out,
          'sandbox-only',
          (await readdir(join(out, 'sandbox-only'))).find((n) => !n.includes('.'))!,
          'results.json',
        ),
        'utf8',
      ),
    ) as { run: { scope: { unreadable: string[] } } };
    expect(results.run.scope.unreadable).toEqual(['444444444444']);
  });

  it('exits 3 when the run cannot complete (no reachable endpoint)', async () => {
    const r = await runCli(
      ['collect', '--profile', 'healthcare', '--endpoint', 'http://127.0.0.1:9', '--out', join(dir, 'out-3')],
      {
        env: { ...env, AWS_MAX_ATTEMPTS: '1' },
      },
    );
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/did not complete/);
  });

  it('--to-security-hub imports the verdicts after sealing; a failed import exits 5 beside a completed run', async () => {
    const out = join(dir, 'out-sh');
    const profile = join(dir, 'sh.yaml');
    await writeFile(
      profile,
      [
        'type: profile',
        'id: sh',
        'name: Back into Security Hub',
        'organization: { name: Example Health }',
        'frameworks: [hipaa-security]',
        'scope:',
        "  accounts: ['333333333333']",
        '  regions: [us-east-1]',
        '  role: { name: EvidentiaAuditRole }',
        '',
      ].join('\n'),
    );
    const args = [
      'collect',
      '--profile',
      profile,
      '--endpoint',
      emulator.url,
      '--out',
      out,
      '--to-security-hub',
    ];
    const ok = await runCli(args, { env });
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    // No administrator in the profile: the caller's (management) account, in the first region.
    const line = /Security Hub: (\d+) of (\d+) findings imported into account 111111111111, us-east-1/.exec(
      ok.stdout,
    );
    expect(line?.[1]).toBe(line?.[2]);
    expect(Number(line?.[1])).toBeGreaterThan(10);

    const fault = emulator.faults.add({
      kind: 'access-denied',
      service: 'securityhub',
      operation: 'BatchImportFindings',
    });
    try {
      const denied = await runCli(args, { env });
      expect(denied.code).toBe(5);
      expect(denied.stdout).toMatch(/Security Hub: 0 of \d+ findings imported/);
      expect(denied.stderr).toMatch(
        /error: Security Hub import: finding evidentia\/sh\/hipaa-security\/\S+ not imported: AccessDenied/,
      );
      // The run itself completed and is sealed.
      const runs = (await readdir(join(out, 'sh'))).filter((n) => n.endsWith('.tar.gz'));
      expect(runs).toHaveLength(2);
    } finally {
      emulator.faults.remove(fault);
    }
  });
});
