// The daemon configuration's `store:` and `cluster:` blocks: SQLite unless PostgreSQL is named; URLs from the
// file or an environment variable; a bad URL is exit-2 input naming file:line and field, and the message never
// repeats the URL (it may carry a password).

import { beforeAll, describe, expect, it } from 'vitest';
import { type Catalog, loadCatalog } from '../../../src/catalog/index.js';
import { formatIssue, InputError } from '../../../src/core/errors.js';
import { parseDaemonConfig } from '../../../src/daemon/config/load-daemon-config.js';

let catalog: Catalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});

const BASE = `profiles:
  - profile: healthcare
http: { enabled: false }
`;

async function parse(extra: string, env: Record<string, string> = {}) {
  return parseDaemonConfig('daemon.yaml', BASE + extra, '/tmp', { catalog, env });
}

async function problems(extra: string, env: Record<string, string> = {}): Promise<string[]> {
  try {
    await parse(extra, env);
  } catch (err) {
    if (err instanceof InputError) return err.issues.map(formatIssue);
    throw err;
  }
  return [];
}

describe('daemon configuration: store and cluster', () => {
  it('keeps SQLite and no cluster when neither block is given', async () => {
    const s = await parse('');
    expect(s.store).toEqual({ kind: 'sqlite' });
    expect(s.cluster).toBeUndefined();
  });

  it('reads a PostgreSQL store and a Redis cluster from the file or from environment variables', async () => {
    const inFile = await parse(
      'store: { kind: postgres, url: "postgres://ev:pw@db:5432/evidentia" }\ncluster: { redis: { url: "redis://cache:6379" } }\n',
    );
    expect(inFile.store).toEqual({ kind: 'postgres', url: 'postgres://ev:pw@db:5432/evidentia' });
    expect(inFile.cluster).toEqual({ redis: { url: 'redis://cache:6379' } });
    const fromEnv = await parse(
      'store: { kind: postgres, urlEnv: EVIDENTIA_STORE_URL }\ncluster: { redis: { urlEnv: REDIS_URL } }\n',
      { EVIDENTIA_STORE_URL: 'postgresql://ev:pw@db/evidentia', REDIS_URL: 'rediss://:pw@cache:6380' },
    );
    expect(fromEnv.store).toEqual({ kind: 'postgres', url: 'postgresql://ev:pw@db/evidentia' });
    expect(fromEnv.cluster).toEqual({ redis: { url: 'rediss://:pw@cache:6380' } });
  });

  it('refuses bad URLs at file:line without repeating them', async () => {
    const secret = 'hunter2-canary';
    const out = await problems(
      `store: { kind: postgres, url: "mysql://ev:${secret}@db/x" }\ncluster: { redis: { url: "not a url ${secret}" } }\n`,
    );
    expect(out).toEqual([
      expect.stringMatching(
        /^daemon\.yaml:4:\d+: store\.url: expected a postgres or postgresql URL, not mysql:$/,
      ),
      expect.stringMatching(/^daemon\.yaml:5:\d+: cluster\.redis\.url: expected a URL such as redis:\/\//),
    ]);
    expect(out.join('\n')).not.toContain(secret);
    expect(await problems('store: { kind: postgres, urlEnv: NOPE_URL }\n')).toEqual([
      expect.stringMatching(/store\.urlEnv: environment variable NOPE_URL is not set/),
    ]);
    expect((await problems('store: { kind: postgres }\n')).join('\n')).toMatch(
      /exactly one of url or urlEnv/,
    );
    expect((await problems('store: { kind: mongodb }\n')).length).toBeGreaterThan(0);
  });

  it('reads cluster.queue with its defaults, and refuses it without PostgreSQL or with bad values', async () => {
    const pg = 'store: { kind: postgres, url: "postgres://ev@db/evidentia" }\n';
    const s = await parse(`${pg}cluster: { redis: { url: "redis://cache:6379" }, queue: {} }\n`);
    expect(s.cluster?.queue).toEqual({
      concurrency: 4,
      lockDurationMs: 30_000,
      stalledIntervalMs: 30_000,
      maxStalledCount: 2,
      accountAttempts: 3,
    });
    const tuned = await parse(
      `${pg}cluster: { redis: { url: "redis://cache:6379" }, queue: { concurrency: 8, lockDurationMs: 5000 } }\n`,
    );
    expect(tuned.cluster?.queue).toMatchObject({ concurrency: 8, lockDurationMs: 5_000, maxStalledCount: 2 });
    expect(await problems('cluster: { redis: { url: "redis://cache:6379" }, queue: {} }\n')).toEqual([
      expect.stringMatching(/^daemon\.yaml:4:\d+: cluster\.queue: needs the shared run store/),
    ]);
    const bad = await problems(
      `${pg}cluster: { redis: { url: "redis://c" }, queue: { maxStalledCount: 0, typo: 1 } }\n`,
    );
    expect(bad.join('\n')).toMatch(/cluster\.queue\.maxStalledCount/);
    expect(bad.join('\n')).toMatch(/typo/);
  });
});
