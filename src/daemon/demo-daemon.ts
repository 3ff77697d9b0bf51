// `evidentia daemon --demo`: the built-in demo organisation served by the AWS emulator in this process,
// every built-in profile on request (no schedules), and one officer token made for this process only.

import { join, resolve } from 'node:path';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { TRIAL_KEY_FILE } from '../bundle/index.js';
import { trialKeyDirOf } from '../bundle/signers/trial-signer.js';
import { builtInProfileNames, loadCatalog, loadProfile } from '../catalog/index.js';
import type { Logger } from '../core/logger.js';
import { demoWorld, startEmulator } from '../emulator/index.js';
import type { DaemonSettings } from './config/daemon-settings.js';
import { hashToken, newToken } from './http/token-auth.js';

export interface DemoDaemonOptions {
  host: string;
  port: number;
  outDir: string;
  stateDir: string;
  graceMs: number;
  logger: Logger;
}

export interface DemoSetup {
  settings: DaemonSettings;
  credentials: AwsCredentialIdentityProvider;
  /** The officer token, shown once; only its hash is kept. */
  token: string;
  emulatorUrl: string;
  close(): Promise<void>;
}

/** Start the demo emulator and make the daemon's settings for it. */
export async function setUpDemoDaemon(opts: DemoDaemonOptions): Promise<DemoSetup> {
  const catalog = await loadCatalog();
  const profiles = [];
  for (const name of await builtInProfileNames()) profiles.push(await loadProfile(name, catalog));
  const emulator = await startEmulator({ world: demoWorld(), logger: opts.logger });
  const { accessKeyId, secretAccessKey } = emulator.credentials;
  const token = newToken();
  return {
    token,
    emulatorUrl: emulator.url,
    credentials: async () => ({ accessKeyId, secretAccessKey }),
    close: () => emulator.close(),
    settings: {
      source: '--demo',
      outDir: resolve(opts.outDir),
      stateDir: resolve(opts.stateDir),
      endpoint: emulator.url,
      catalog,
      profiles: profiles.map((profile) => ({ profile })),
      retention: {},
      graceMs: opts.graceMs,
      http: {
        enabled: true,
        host: opts.host,
        port: opts.port,
        bodyLimitBytes: 16_384,
        tokens: [{ name: 'demo-officer', role: 'officer', sha256: hashToken(token) }],
        expensivePerMinute: 30,
      },
      notify: { expiringWithinDays: 30, attempts: 5 },
      // The demo signs with the trial key, so its verify route trusts exactly that certificate.
      trust: [join(trialKeyDirOf(resolve(opts.stateDir)), TRIAL_KEY_FILE)],
    },
  };
}
