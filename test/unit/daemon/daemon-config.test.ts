// The daemon's configuration file: a good file resolves (profiles, schedules, paths, token hashes), and
// every problem — bad cron, unknown profile, bad time zone, unset variable, unknown field — is reported at
// its file:line:column before anything starts; the command exits 2.

import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Catalog, loadCatalog } from '../../../src/catalog/index.js';
import { registerDaemonCommand } from '../../../src/cli/commands/daemon.js';
import { handleError } from '../../../src/cli/handle-error.js';
import { formatIssue, InputError } from '../../../src/core/errors.js';
import { parseDaemonConfig } from '../../../src/daemon/config/load-daemon-config.js';
import { captureCli } from '../store/capture-cli.js';

const HASH = 'a'.repeat(64);
let catalog: Catalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});

async function problems(text: string, env: Record<string, string> = {}): Promise<string[]> {
  try {
    await parseDaemonConfig('daemon.yaml', text, '/etc/evidentia', { catalog, env });
  } catch (err) {
    if (err instanceof InputError) return err.issues.map(formatIssue);
    throw err;
  }
  return [];
}

describe('daemon configuration', () => {
  it('resolves profiles, schedules, paths and tokens', async () => {
    const s = await parseDaemonConfig(
      'daemon.yaml',
      `output: /data/output
state: state
endpoint: http://emulator:4580
profiles:
  - profile: healthcare
    schedule: { cron: "15 3 * * 1-5", timezone: Europe/Berlin }
  - profile: retail
    toSecurityHub: true
  - profile: financial
    schedule: false
retention: { maxAgeDays: 2190 }
shutdown: { graceSeconds: 12.5 }
http:
  host: 0.0.0.0
  port: 9000
  tokens:
    - { name: ann, role: officer, sha256: ${HASH} }
    - { name: auditors, role: auditor, sha256Env: AUDITOR_SHA }
notify:
  webhook: { url: "https://hooks.slack.com/services/T/B/x" }
`,
      '/etc/evidentia',
      { catalog, env: { AUDITOR_SHA: 'B'.repeat(64) } },
    );
    expect(s.outDir).toBe('/data/output');
    expect(s.stateDir).toBe('/etc/evidentia/state');
    expect(s.endpoint).toBe('http://emulator:4580');
    expect(s.profiles.map((p) => [p.profile.id, p.schedule])).toEqual([
      ['healthcare', { cron: '15 3 * * 1-5', timezone: 'Europe/Berlin' }],
      ['retail', { cron: '0 4 * * *', timezone: 'UTC' }],
      ['financial', undefined],
    ]);
    expect(s.profiles.map((p) => p.toSecurityHub)).toEqual([undefined, true, undefined]);
    expect(s.retention).toEqual({ maxAgeDays: 2190 });
    expect(s.graceMs).toBe(12_500);
    expect(s.http).toMatchObject({ host: '0.0.0.0', port: 9000, bodyLimitBytes: 16_384 });
    expect(s.http.tokens).toEqual([
      { name: 'ann', role: 'officer', sha256: HASH },
      { name: 'auditors', role: 'auditor', sha256: 'b'.repeat(64) },
    ]);
    expect(s.notify).toEqual({
      webhook: { url: 'https://hooks.slack.com/services/T/B/x', format: 'slack' },
      expiringWithinDays: 30,
      attempts: 5,
    });
  });

  it('reports a bad cron expression and a bad time zone where they are written', async () => {
    expect(
      await problems(`profiles:
  - profile: healthcare
    schedule: { cron: "61 2 * * *" }
  - profile: retail
    schedule:
      cron: "0 4 * * *"
      timezone: Mars/Olympus
http: { tokens: [{ name: ann, role: officer, sha256: ${HASH} }] }
`),
    ).toEqual([
      `daemon.yaml:3:23: profiles[0].schedule.cron: '61 2 * * *' is not a valid cron expression (minute: 61 is a invalid expression for minute); expected e.g. "0 2 * * *"`,
      "daemon.yaml:7:17: profiles[1].schedule.timezone: 'Mars/Olympus' is not an IANA time zone (expected e.g. Europe/Berlin)",
    ]);
  });

  it('reports an unknown profile, a profile listed twice and an unset token variable', async () => {
    const out = await problems(`profiles:
  - profile: healthcare
  - profile: dentistry
  - profile: healthcare
http:
  tokens:
    - { name: ann, role: officer, sha256Env: ANN_SHA }
`);
    expect(out).toEqual([
      "daemon.yaml:3:14: profiles[1].profile: unknown profile 'dentistry' (known: financial, healthcare, nonprofit, retail); or give the path of a profile file",
      "daemon.yaml:4:14: profiles[2].profile: profile 'healthcare' is already listed at profiles[0]",
      'daemon.yaml:7:46: http.tokens[0].sha256Env: environment variable ANN_SHA is not set',
    ]);
  });

  it('reports schema problems: unknown fields, wrong types, a plain token instead of its hash', async () => {
    const out = await problems(`profiles: [{ profile: healthcare }]
retension: { keepLast: 3 }
http:
  port: eighty
  tokens: [{ name: ann, role: admin, sha256: my-secret-token }]
`);
    expect(out).toContain(
      "daemon.yaml:2:1: retension: unknown field 'retension' (check its spelling; allowed fields are listed in docs/catalog.md)",
    );
    expect(out.some((l) => l.startsWith('daemon.yaml:4:9: http.port:'))).toBe(true);
    expect(out).toContain('daemon.yaml:5:31: http.tokens[0].role: expected one of officer, auditor');
    expect(out).toContain(
      'daemon.yaml:5:46: http.tokens[0].sha256: expected the SHA-256 of the token as 64 lower-case hex digits (never the token)',
    );
  });

  it('needs a token while the HTTP service is on', async () => {
    expect(await problems('profiles: [{ profile: retail }]\n')).toEqual([
      'daemon.yaml:1:1: http: http.tokens: expected at least one token, or http.enabled: false (make one with `evidentia daemon --new-token officer`)',
    ]);
    expect(await problems('profiles: [{ profile: retail }]\nhttp: { enabled: false }\n')).toEqual([]);
  });

  it('makes `evidentia daemon --config` exit 2 with the problems, before starting anything', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'evidentia-daemon-config-'));
    const file = join(dir, 'daemon.yaml');
    await writeFile(
      file,
      `profiles:\n  - profile: healthcare\n    schedule: { cron: "every night" }\nhttp: { enabled: false }\n`,
    );
    const { ctx, out, err } = captureCli();
    const program = new Command('evidentia').exitOverride();
    registerDaemonCommand(program, ctx);
    const code = await program.parseAsync(['node', 'evidentia', 'daemon', '--config', file]).then(
      () => ctx.exitCode,
      (e: unknown) => handleError(e, ctx.stderr),
    );
    expect(code).toBe(2);
    expect(err()).toMatch(
      /daemon\.yaml:3:23: profiles\[0\]\.schedule\.cron: 'every night' is not a valid cron expression/,
    );
    expect(out()).toBe('');
  });
});
