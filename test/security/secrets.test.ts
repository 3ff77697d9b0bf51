// Recognisable fake secrets — the caller's access key and secret, the assumed roles' keys and session tokens,
// the role's external id, a webhook URL carrying an API token, a signing key and its passphrase, the daemon's
// bearer tokens — go through a collection (in process and through the CLI, with debug logs), the reports, the
// signed bundle and its archive, and the daemon's HTTP API and logs. None may appear in any of them.

import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSelfSigned } from '../../src/bundle/index.js';
import { systemClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import type { DaemonSettings } from '../../src/daemon/config/daemon-settings.js';
import { hashToken } from '../../src/daemon/http/token-auth.js';
import { startDaemon } from '../../src/daemon/start-daemon.js';
import {
  defineWorld,
  demoWorld,
  type Emulator,
  startEmulator,
  type WorldInput,
} from '../../src/emulator/index.js';
import { catalogWith, runAgainst } from '../support/run-against-emulator.js';
import { type CliResult, runCli } from '../support/run-cli.js';

const CALLER_KEY = 'AKIACANARYKEY0000001';
const CALLER_SECRET = 'canaryCallerSecret/NeverShowThis+0000001';
const EXTERNAL_ID = 'canary-external-id-XYZZY-0001';
const WEBHOOK_TOKEN = 'canaryWebhookTokenQUUX0001';
const WEBHOOK = `https://hooks.example.com/services/T0000/B0000/${WEBHOOK_TOKEN}`;
const PASSPHRASE = 'canary-key-passphrase-PLUGH-0001';
const OFFICER_TOKEN = 'canary-officer-bearer-token-FROBOZZ-0001';
const AUDITOR_TOKEN = 'canary-auditor-bearer-token-GRUE-0001';
/** Every session token the emulator issues starts with this (services/sts, credential-store.ts). */
const SESSION_TOKEN_PREFIX = 'IQoJb3JpZ2luX2VtdWxhdG9y';

const framework = `type: framework
id: secrets
name: Secrets
version: "1"
controls:
  - id: "1"
    ref: S 1
    title: Volumes are encrypted
    summary: A managed rule and an advanced query.
    responsibility: customer
    evidence:
      - { kind: config-rule, rule: ENCRYPTED_VOLUMES }
      - { kind: config-query, query: ebs-volumes-unencrypted }
  - id: "2"
    ref: S 2
    title: AWS side
    summary: A report and an agreement.
    responsibility: shared
    evidence:
      - { kind: artifact-report, report: aws-soc2-type2 }
      - { kind: artifact-agreement, agreement: aws-hipaa-baa }
`;

const profile = `type: profile
id: secrets
name: Secrets
organization: { name: Canary Org }
frameworks: [secrets]
scope:
  accounts: organization
  regions: [us-east-1]
  role: { name: EvidentiaAuditRole, externalId: ${EXTERNAL_ID} }
evidence:
  artifact: { downloadReports: true }
signing:
  kind: local
  keyEnv: CANARY_SIGNING_KEY
  certificateEnv: CANARY_SIGNING_CERT
  passphraseEnv: CANARY_SIGNING_PASSPHRASE
notify:
  webhook: { url: ${WEBHOOK} }
`;

/** Every file under `dir`, recursively. */
async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p)));
    else out.push(p);
  }
  return out;
}

/** The searchable text of a file: its bytes, an archive's inflated tar, a PDF's extracted text. */
async function textsOf(file: string): Promise<string[]> {
  const bytes = await readFile(file);
  const texts = [bytes.toString('latin1')];
  if (file.endsWith('.gz')) texts.push(gunzipSync(bytes).toString('latin1'));
  if (file.endsWith('.pdf')) texts.push(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }));
  return texts;
}

/** `secret in place` for every secret found. */
function leaks(places: { name: string; text: string }[], secrets: readonly string[]): string[] {
  const found: string[] = [];
  for (const { name, text } of places)
    for (const s of secrets) if (text.includes(s)) found.push(`${s} in ${name}`);
  return found;
}

describe('secrets never reach logs, results, reports, bundles or the service', () => {
  let emulator: Emulator;
  let setupDir: string;
  let signingEnv: Record<string, string>;
  let keyPem: string;
  let cliOut: string;
  let cliRun: Promise<CliResult>;
  /** Assumed-role access keys the emulator saw (the test learns them from its request log). */
  const issuedKeys = () => [
    ...new Set(emulator.requests.map((r) => r.accessKeyId ?? '').filter((k) => k.startsWith('ASIA'))),
  ];
  const secrets = () => [
    CALLER_KEY,
    CALLER_SECRET,
    EXTERNAL_ID,
    WEBHOOK_TOKEN,
    PASSPHRASE,
    SESSION_TOKEN_PREFIX,
    OFFICER_TOKEN,
    AUDITOR_TOKEN,
    ...issuedKeys(),
    // The encrypted key's body, and any unencrypted private key.
    keyPem.split('\n')[2] ?? 'unreachable',
    'PRIVATE KEY-----',
  ];

  beforeAll(async () => {
    const demo = demoWorld() as unknown as WorldInput;
    emulator = await startEmulator({
      world: defineWorld({
        ...demo,
        caller: { userName: 'canary', accessKeyId: CALLER_KEY, secretAccessKey: CALLER_SECRET },
      }),
    });
    const signer = await generateSelfSigned({
      subject: { commonName: 'Canary signer' },
      now: new Date(),
      days: 30,
      modulusLength: 2048,
    });
    keyPem = signer.key
      .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSPHRASE })
      .toString();
    signingEnv = {
      CANARY_SIGNING_KEY: keyPem,
      CANARY_SIGNING_CERT: signer.certificatePem,
      CANARY_SIGNING_PASSPHRASE: PASSPHRASE,
    };
    setupDir = (await catalogWith(framework, profile)).dir;
    // The real CLI runs alongside the other tests. It loads the built-in catalogue: the same profile over a
    // built-in framework and two accounts.
    cliOut = join(setupDir, 'cli-out');
    const cliProfile = join(setupDir, 'cli-profile.yaml');
    await writeFile(
      cliProfile,
      profile
        .replace('frameworks: [secrets]', 'frameworks: [gdpr]')
        .replace('accounts: organization', "accounts: ['111111111111', '222222222222']"),
    );
    cliRun = runCli(['collect', '--profile', cliProfile, '--endpoint', emulator.url, '--out', cliOut], {
      env: {
        AWS_ACCESS_KEY_ID: CALLER_KEY,
        AWS_SECRET_ACCESS_KEY: CALLER_SECRET,
        AWS_REGION: 'us-east-1',
        EVIDENTIA_LOG_LEVEL: 'trace',
        ...signingEnv,
      },
      timeoutMs: 90_000,
    });
  }, 60_000);
  afterAll(async () => {
    await cliRun?.catch(() => undefined);
    await emulator.close();
  });

  it('a collection in process, with debug logs: nothing in the logs, the run folder or the archive', async () => {
    const setup = await catalogWith(framework, profile);
    const logs = new PassThrough();
    let logged = '';
    logs.on('data', (d) => {
      logged += d;
    });
    const logger = createLogger({ level: 'trace', pretty: false, destination: logs });
    Object.assign(process.env, signingEnv);
    try {
      const run = await runAgainst(emulator, setup, { logger });
      expect(run.outcome.error?.message ?? run.outcome.status).toBe('completed');
      logger.flush();
      const files = [...(await filesUnder(run.outcome.dir)), `${run.outcome.dir}.tar.gz`];
      expect(files.some((f) => f.endsWith('report.pdf'))).toBe(true);
      const places = [{ name: 'logs', text: logged }];
      for (const f of files) for (const text of await textsOf(f)) places.push({ name: f, text });
      expect(logged.length).toBeGreaterThan(100);
      expect(issuedKeys().length).toBeGreaterThan(2);
      expect(leaks(places, secrets())).toEqual([]);
    } finally {
      for (const k of Object.keys(signingEnv)) delete process.env[k];
    }
  }, 60_000);

  it('the CLI with debug logs: nothing on stdout, stderr or in what it wrote', async () => {
    const r = await cliRun;
    expect(r.code).toBe(0);
    expect(r.stderr.length).toBeGreaterThan(100);
    const places = [
      { name: 'stdout', text: r.stdout },
      { name: 'stderr', text: r.stderr },
    ];
    for (const f of await filesUnder(cliOut))
      for (const text of await textsOf(f)) places.push({ name: f, text });
    expect(places.length).toBeGreaterThan(20);
    expect(leaks(places, secrets())).toEqual([]);
  });

  it('the daemon: nothing in its HTTP answers or its logs, bearer tokens included', async () => {
    const setup = await catalogWith(framework, profile);
    const logs = new PassThrough();
    let logged = '';
    logs.on('data', (d) => {
      logged += d;
    });
    const logger = createLogger({ level: 'trace', pretty: false, destination: logs });
    const stateDir = await mkdtemp(join(tmpdir(), 'evidentia-secrets-state-'));
    const settings: DaemonSettings = {
      source: 'test',
      outDir: join(setup.dir, 'daemon-out'),
      stateDir,
      endpoint: emulator.url,
      catalog: setup.catalog,
      profiles: [{ profile: setup.profile }],
      retention: {},
      graceMs: 5_000,
      http: {
        enabled: true,
        host: '127.0.0.1',
        port: 0,
        bodyLimitBytes: 4096,
        tokens: [
          { name: 'olivia', role: 'officer', sha256: hashToken(OFFICER_TOKEN) },
          { name: 'audrey', role: 'auditor', sha256: hashToken(AUDITOR_TOKEN) },
        ],
      },
      notify: { expiringWithinDays: 30, attempts: 1 },
    };
    Object.assign(process.env, signingEnv);
    const daemon = await startDaemon({
      settings,
      clock: systemClock,
      logger,
      credentials: async () => ({ accessKeyId: CALLER_KEY, secretAccessKey: CALLER_SECRET }),
      // The webhook is never really called: the notifier's sender answers locally.
      webhook: { attempts: 1, fetch: async () => new Response('ok', { status: 200 }) },
    });
    const answers: { name: string; text: string }[] = [];
    const call = async (path: string, init: RequestInit = {}, token = OFFICER_TOKEN) => {
      const r = await fetch(`${daemon.url}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
      });
      const text = await r.text();
      answers.push({ name: `${init.method ?? 'GET'} ${path} → ${r.status}`, text });
      return { status: r.status, text };
    };
    try {
      const started = await call('/api/reports', {
        method: 'POST',
        body: JSON.stringify({ profile: 'secrets' }),
      });
      expect(started.status).toBe(202);
      const { runId } = JSON.parse(started.text) as { runId: string };
      let status = 'running';
      for (let i = 0; i < 600 && status === 'running'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        status = (JSON.parse((await call(`/api/runs/${runId}`)).text) as { status: string }).status;
      }
      expect(status).toBe('completed');
      for (const path of [
        '/api/profiles',
        '/api/runs',
        `/api/runs/${runId}`,
        `/api/runs/${runId}/verify`,
        '/',
        '/metrics',
        '/readyz',
      ]) {
        await call(path);
        await call(path, {}, AUDITOR_TOKEN);
      }
      await call('/api/runs', {}, 'wrong-token');
    } finally {
      await daemon.stop({ graceMs: 0 });
      for (const k of Object.keys(signingEnv)) delete process.env[k];
    }
    logger.flush();
    const places = [{ name: 'daemon logs', text: logged }, ...answers];
    for (const f of await filesUnder(settings.outDir))
      for (const text of await textsOf(f)) places.push({ name: f, text });
    expect(answers.length).toBeGreaterThan(10);
    expect(leaks(places, secrets())).toEqual([]);
  }, 120_000);
});
