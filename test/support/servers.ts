// Real PostgreSQL 15 and Redis 7 for tests, each in a throwaway folder on a free loopback port, stopped
// afterwards (recipe: ../shared/STACK.md). PostgreSQL refuses to run as root, so as root it runs as the
// `postgres` user through runuser. Tests skip (with the reason) only when the binaries are not installed.

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

const PG_BIN = [
  '/usr/lib/postgresql/15/bin',
  '/usr/lib/postgresql/16/bin',
  '/usr/lib/postgresql/17/bin',
].find((d) => existsSync(join(d, 'initdb')));
const REDIS_BIN = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((f) => existsSync(f));

/** Why PostgreSQL tests cannot run here, or undefined when they can. */
export const postgresMissing = PG_BIN
  ? undefined
  : 'PostgreSQL is not installed (apt-get install -y postgresql); .ci/run installs it';
/** Why Redis tests cannot run here, or undefined when they can. */
export const redisMissing = REDIS_BIN
  ? undefined
  : 'Redis is not installed (apt-get install -y redis-server); .ci/run installs it';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface TestPostgres {
  port: number;
  /** URL of the server's `postgres` database (user evidentia, no password: trust on loopback). */
  adminUrl: string;
  /** Create a new empty database and return its URL. */
  createDatabase(name?: string): Promise<string>;
  stop(): Promise<void>;
}

let dbCounter = 0;

/** Start a throwaway PostgreSQL; call `stop()` in afterAll. */
export async function startPostgres(): Promise<TestPostgres> {
  if (!PG_BIN) throw new Error(postgresMissing);
  const dir = await mkdtemp(join(tmpdir(), 'evidentia-pg-'));
  const asRoot = userInfo().uid === 0;
  // initdb and the server run as `postgres` when we are root; the folder must be theirs.
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  await chmod(dir, 0o700);
  const as = (bin: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', join(PG_BIN, bin), ...args])
      : run(join(PG_BIN, bin), args);
  const data = join(dir, 'data');
  await as('initdb', ['-D', data, '-A', 'trust', '-U', 'evidentia', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  try {
    await as('pg_ctl', [
      '-D',
      data,
      '-w',
      '-l',
      join(dir, 'log'),
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      'start',
    ]);
  } catch (err) {
    const log = await readFile(join(dir, 'log'), 'utf8').catch(() => '');
    throw new Error(`PostgreSQL did not start: ${(err as Error).message}\n${log}`);
  }
  const base = `postgres://evidentia@127.0.0.1:${port}`;
  return {
    port,
    adminUrl: `${base}/postgres`,
    async createDatabase(name = `t${process.pid}_${++dbCounter}`) {
      const pg = (await import('pg')).default;
      const c = new pg.Client({ connectionString: `${base}/postgres` });
      await c.connect();
      try {
        await c.query(`CREATE DATABASE ${name}`);
      } finally {
        await c.end();
      }
      return `${base}/${name}`;
    },
    async stop() {
      await as('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface TestRedis {
  port: number;
  url: string;
  stop(): Promise<void>;
}

/** Start a throwaway Redis (no persistence); call `stop()` in afterAll. */
export async function startRedis(): Promise<TestRedis> {
  if (!REDIS_BIN) throw new Error(redisMissing);
  const dir = await mkdtemp(join(tmpdir(), 'evidentia-redis-'));
  const port = await freePort();
  const pidfile = join(dir, 'redis.pid');
  await run(REDIS_BIN, [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    dir,
    '--daemonize',
    'yes',
    '--pidfile',
    pidfile,
  ]);
  // Daemonized: the port answers once the pidfile exists; wait for it.
  for (let i = 0; i < 100 && !existsSync(pidfile); i++) await new Promise((r) => setTimeout(r, 50));
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      const pid = Number((await readFile(pidfile, 'utf8').catch(() => '')).trim());
      if (pid > 0) {
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          // already gone
        }
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
