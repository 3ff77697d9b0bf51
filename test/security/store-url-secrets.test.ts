// The passwords of the shared servers' URLs (PostgreSQL run store, Redis cluster lock) never reach the
// daemon's logs (debug level, JSON) or its HTTP answers — while it runs a report, reports readiness and
// lists runs — nor the error that stops a daemon whose database is down.

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import type { DaemonSettings } from '../../src/daemon/config/daemon-settings.js';
import { hashToken, newToken } from '../../src/daemon/http/token-auth.js';
import { startDaemon } from '../../src/daemon/start-daemon.js';
import { demoWorld, startEmulator } from '../../src/emulator/index.js';
import { FRAMEWORK, PROFILE } from '../integration/daemon/daemon-fixture.js';
import { catalogWith } from '../support/run-against-emulator.js';
import {
  postgresMissing,
  redisMissing,
  startPostgres,
  startRedis,
  type TestPostgres,
  type TestRedis,
} from '../support/servers.js';

const PG_PASSWORD = 'canary-pg-password-PLOVER-0001';
const REDIS_PASSWORD = 'canary-redis-password-XYZZY-0001';
const missing = postgresMissing ?? redisMissing;
if (missing) console.warn(`SKIPPED store URL secret tests: ${missing}`);

describe.skipIf(missing)('store and cluster URLs: passwords stay out of logs and answers', () => {
  let pg: TestPostgres;
  let redis: TestRedis;
  beforeAll(async () => {
    [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
  });
  afterAll(async () => {
    await Promise.all([pg?.stop(), redis?.stop()]);
  });

  it('runs a report, answers readiness and lists runs without the passwords anywhere', async () => {
    // The test server trusts loopback connections, so the password is sent but not checked.
    const storeUrl = (await pg.createDatabase()).replace('evidentia@', `evidentia:${PG_PASSWORD}@`);
    const redisUrl = redis.url.replace('redis://', `redis://default:${REDIS_PASSWORD}@`);
    const setup = await catalogWith(FRAMEWORK, PROFILE);
    const emulator = await startEmulator({ world: demoWorld() });
    const dir = await mkdtemp(join(tmpdir(), 'evidentia-url-secrets-'));
    const officer = newToken();
    let logs = '';
    const logger = createLogger({
      level: 'debug',
      pretty: false,
      destination: new Writable({
        write(chunk, _enc, cb) {
          logs += String(chunk);
          cb();
        },
      }),
    });
    const settings: DaemonSettings = {
      source: 'test',
      outDir: join(dir, 'out'),
      stateDir: join(dir, 'state'),
      endpoint: emulator.url,
      catalog: setup.catalog,
      profiles: [{ profile: setup.profile }],
      retention: {},
      graceMs: 5_000,
      http: {
        enabled: true,
        host: '127.0.0.1',
        port: 0,
        bodyLimitBytes: 1024,
        tokens: [{ name: 'olivia', role: 'officer', sha256: hashToken(officer) }],
      },
      notify: { expiringWithinDays: 30, attempts: 1 },
      store: { kind: 'postgres', url: storeUrl },
      cluster: { redis: { url: redisUrl } },
    };
    const { accessKeyId, secretAccessKey } = emulator.credentials;
    const daemon = await startDaemon({
      settings,
      clock: systemClock,
      logger,
      credentials: async () => ({ accessKeyId, secretAccessKey }),
    });
    const answers: string[] = [];
    try {
      const auth = { authorization: `Bearer ${officer}`, 'content-type': 'application/json' };
      const started = await fetch(`${daemon.url}/api/reports`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ profile: 'svc' }),
      });
      expect(started.status).toBe(202);
      answers.push(await started.text());
      await daemon.manager.whenIdle();
      const ready = await fetch(`${daemon.url}/readyz`);
      answers.push(await ready.text());
      expect(ready.status).toBe(200);
      answers.push(await (await fetch(`${daemon.url}/api/runs`, { headers: auth })).text());
      answers.push(await (await fetch(`${daemon.url}/metrics`)).text());
    } finally {
      await daemon.stop({ graceMs: 0 });
      await emulator.close();
    }
    // The servers are named in the start-up log, without their passwords.
    expect(logs).toContain(`postgres://evidentia:***@127.0.0.1:${pg.port}/`);
    expect(logs).toContain(`redis://default:***@127.0.0.1:${redis.port}`);
    expect(logs).toContain('"status":"completed"');
    for (const text of [logs, ...answers]) {
      expect(text).not.toContain(PG_PASSWORD);
      expect(text).not.toContain(REDIS_PASSWORD);
    }
  }, 120_000);

  it('refuses to start when the database is down, naming it without its password', async () => {
    const url = `postgres://evidentia:${PG_PASSWORD}@127.0.0.1:1/evidentia`;
    const setup = await catalogWith(FRAMEWORK, PROFILE);
    const dir = await mkdtemp(join(tmpdir(), 'evidentia-url-secrets-'));
    const err = (await startDaemon({
      settings: {
        source: 'test',
        outDir: join(dir, 'out'),
        stateDir: join(dir, 'state'),
        catalog: setup.catalog,
        profiles: [{ profile: setup.profile }],
        retention: {},
        graceMs: 0,
        http: { enabled: false, host: '127.0.0.1', port: 0, bodyLimitBytes: 1024, tokens: [] },
        notify: { expiringWithinDays: 30, attempts: 1 },
        store: { kind: 'postgres', url },
      },
      clock: systemClock,
      logger: createLogger({ level: 'silent', pretty: false }),
    }).catch((e: unknown) => e)) as Error & { code?: string };
    expect(err.code).toBe('STORE_UNAVAILABLE');
    expect(err.message).toContain('postgres://evidentia:***@127.0.0.1:1/evidentia');
    expect(err.message).not.toContain(PG_PASSWORD);
  });
});
