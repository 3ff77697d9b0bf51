// A real daemon on a loopback port for the integration and browser tests: the demo organisation in an
// in-process emulator, a small framework and profile, one officer and one auditor token.

import { join } from 'node:path';
import { TRIAL_KEY_FILE } from '../../../src/bundle/index.js';
import { systemClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import type { DaemonSettings, WebhookTarget } from '../../../src/daemon/config/daemon-settings.js';
import { hashToken, newToken } from '../../../src/daemon/http/token-auth.js';
import { type RunningDaemon, startDaemon } from '../../../src/daemon/start-daemon.js';
import { demoWorld, type Emulator, startEmulator } from '../../../src/emulator/index.js';
import { catalogWith } from '../../support/run-against-emulator.js';

export const FRAMEWORK = `type: framework
id: svc-framework
name: Service test framework
version: "1"
controls:
  - id: "1"
    ref: SVC 1
    title: EBS volumes are encrypted
    summary: Every EBS volume is encrypted at rest.
    responsibility: customer
    evidence:
      - { kind: config-rule, rule: ENCRYPTED_VOLUMES }
      - { kind: config-query, query: ebs-volumes-unencrypted }
  - id: "2"
    ref: SVC 2
    title: Buckets refuse public reads
    summary: No bucket can be read by anyone.
    responsibility: customer
    evidence:
      - { kind: config-rule, rule: S3_BUCKET_PUBLIC_READ_PROHIBITED }
  - id: "3"
    ref: SVC 3
    title: Security policy approved
    summary: Management approved the information security policy.
    responsibility: customer
    evidence:
      - kind: manual
        title: Information security policy approved by management
        owner: security-officer
        maxAgeDays: 365
`;

export const PROFILE = `type: profile
id: svc
name: Service test
organization: { name: Example Service Org }
frameworks: [svc-framework]
scope:
  accounts: ['111111111111', '222222222222', '333333333333']
  regions: [us-east-1, eu-west-1]
  role: { name: EvidentiaAuditRole }
evidence:
  attestations:
    owners: { security-officer: ciso@example.org }
`;

export interface TestDaemon {
  daemon: RunningDaemon;
  emulator: Emulator;
  url: string;
  officer: string;
  auditor: string;
  outDir: string;
  stateDir: string;
  close(): Promise<void>;
}

/** Start the emulator and a daemon serving the test profile on 127.0.0.1 (any free port). */
export async function startTestDaemon(
  opts: {
    latencyMs?: number;
    bodyLimitBytes?: number;
    webhook?: WebhookTarget;
    /** Trust anchor PEM files of the verify route. */
    trust?: string[];
    /** Trust the daemon's own trial key (kept in its state folder) on the verify route. */
    trustTrialKey?: boolean;
    expensivePerMinute?: number;
  } = {},
): Promise<TestDaemon> {
  const setup = await catalogWith(FRAMEWORK, PROFILE);
  const emulator = await startEmulator({ world: demoWorld() });
  if (opts.latencyMs) emulator.faults.setLatency(opts.latencyMs);
  const officer = newToken();
  const auditor = newToken();
  const outDir = join(setup.dir, 'out');
  const stateDir = join(setup.dir, 'state');
  const settings: DaemonSettings = {
    source: 'test',
    outDir,
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
      bodyLimitBytes: opts.bodyLimitBytes ?? 1024,
      tokens: [
        { name: 'olivia', role: 'officer', sha256: hashToken(officer) },
        { name: 'audrey', role: 'auditor', sha256: hashToken(auditor) },
      ],
      ...(opts.expensivePerMinute ? { expensivePerMinute: opts.expensivePerMinute } : {}),
    },
    ...(opts.trust || opts.trustTrialKey
      ? {
          trust: [
            ...(opts.trust ?? []),
            ...(opts.trustTrialKey ? [join(stateDir, 'keys', TRIAL_KEY_FILE)] : []),
          ],
        }
      : {}),
    notify: { expiringWithinDays: 30, attempts: 2, ...(opts.webhook ? { webhook: opts.webhook } : {}) },
  };
  const { accessKeyId, secretAccessKey } = emulator.credentials;
  const daemon = await startDaemon({
    settings,
    clock: systemClock,
    logger: silentLogger(),
    credentials: async () => ({ accessKeyId, secretAccessKey }),
    webhook: { baseDelayMs: 10 },
  });
  return {
    daemon,
    emulator,
    url: daemon.url!,
    officer,
    auditor,
    outDir,
    stateDir,
    close: async () => {
      await daemon.stop({ graceMs: 0 });
      await emulator.close();
    },
  };
}
