// Three daemon replicas, each with its own folders, sharing one PostgreSQL run store and one Redis, running
// the real pipeline against the emulator: one scheduled firing seen by all three starts exactly one run,
// recorded once in the shared store; a report requested from one replica while another runs the profile
// gets 409 naming that run; once it ends, any replica may start the profile again.

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import type { DaemonSettings } from '../../../src/daemon/config/daemon-settings.js';
import { hashToken, newToken } from '../../../src/daemon/http/token-auth.js';
import { type RunningDaemon, startDaemon } from '../../../src/daemon/start-daemon.js';
import { demoWorld, type Emulator, startEmulator } from '../../../src/emulator/index.js';
import { PostgresRunStore } from '../../../src/store/postgres-run-store.js';
import { catalogWith } from '../../support/run-against-emulator.js';
import {
  postgresMissing,
  redisMissing,
  startPostgres,
  startRedis,
  type TestPostgres,
  type TestRedis,
} from '../../support/servers.js';
import { FRAMEWORK, PROFILE } from '../daemon/daemon-fixture.js';

const missing = postgresMissing ?? redisMissing;
if (missing) console.warn(`SKIPPED three-replica cluster tests: ${missing}`);

describe.skipIf(missing)('three daemon replicas sharing PostgreSQL and Redis', () => {
  let pg: TestPostgres;
  let redis: TestRedis;
  let emulator: Emulator;
  let store: PostgresRunStore;
  const replicas: RunningDaemon[] = [];
  const officer = newToken();

  beforeAll(async () => {
    [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
    const storeUrl = await pg.createDatabase();
    const setup = await catalogWith(FRAMEWORK, PROFILE);
    emulator = await startEmulator({ world: demoWorld() });
    emulator.faults.setLatency(15); // runs last long enough to overlap the requests below
    const { accessKeyId, secretAccessKey } = emulator.credentials;
    for (let i = 0; i < 3; i++) {
      const dir = await mkdtemp(join(tmpdir(), `evidentia-replica${i}-`));
      const settings: DaemonSettings = {
        source: `replica ${i}`,
        outDir: join(dir, 'out'),
        stateDir: join(dir, 'state'),
        endpoint: emulator.url,
        catalog: setup.catalog,
        // A real schedule (02:00 daily) that will not fire during the test: ticks are driven below.
        profiles: [{ profile: setup.profile, schedule: { cron: '0 2 * * *', timezone: 'UTC' } }],
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
        cluster: { redis: { url: redis.url } },
      };
      replicas.push(
        await startDaemon({
          settings,
          clock: systemClock,
          logger: silentLogger(),
          credentials: async () => ({ accessKeyId, secretAccessKey }),
        }),
      );
    }
    store = await PostgresRunStore.open(storeUrl);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop({ graceMs: 0 })));
    await store?.close();
    await emulator?.close();
    await Promise.all([pg?.stop(), redis?.stop()]);
  });

  async function settled(): Promise<void> {
    await Promise.all(replicas.map((r) => r.manager.whenIdle()));
  }

  async function post(replica: RunningDaemon): Promise<{ status: number; body: { runId?: string } }> {
    const res = await fetch(`${replica.url}/api/reports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${officer}`, 'content-type': 'application/json' },
      body: JSON.stringify({ profile: 'svc' }),
    });
    return { status: res.status, body: (await res.json()) as { runId?: string } };
  }

  it('starts exactly one run for one scheduled firing seen by all three, recorded once', async () => {
    const at = new Date('2026-12-07T02:00:00.000Z');
    const outcomes = await Promise.all(replicas.map((r) => r.scheduler.tick('svc', at)));
    expect(outcomes.filter((o) => o === 'started')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'claimed-elsewhere')).toHaveLength(2);
    await settled();
    // A replica that fires the same tick late (after the run ended) still starts nothing.
    expect(await replicas[2]!.scheduler.tick('svc', new Date(at.getTime() + 500))).toBe('claimed-elsewhere');
    const runs = await store.list({ profileId: 'svc' });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'completed', trigger: 'schedule' });
  }, 120_000);

  it('answers 409 from every other replica while one runs the profile, naming its run', async () => {
    const first = await post(replicas[0]!);
    expect(first.status).toBe(202);
    const others = await Promise.all([post(replicas[1]!), post(replicas[2]!), post(replicas[0]!)]);
    expect(others.map((o) => o.status)).toEqual([409, 409, 409]);
    for (const o of others) expect(o.body.runId).toBe(first.body.runId);
    await settled();
    expect((await store.get(first.body.runId!))?.status).toBe('completed');
    // The lock went with the run: another replica may start the profile now.
    const next = await post(replicas[1]!);
    expect(next.status).toBe(202);
    await settled();
    const runs = await store.list({ profileId: 'svc' });
    expect(runs).toHaveLength(3);
    expect(runs.every((r) => r.status === 'completed')).toBe(true);
  }, 120_000);
});
