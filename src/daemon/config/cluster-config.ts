// The daemon's shared servers, from its configuration file: which run store (`store:`, SQLite by default or
// PostgreSQL) and whether replicas coordinate through Redis (`cluster:`). URLs carry passwords, so they may be
// given through an environment variable, and no message here ever repeats a URL's value.

import { z } from 'zod';
import { DEFAULT_QUEUE_SETTINGS, type QueueSettings } from '../../queue/queue-settings.js';
import type { StoreSettings } from '../../store/open-run-store.js';

const envName = z
  .string()
  .regex(/^[A-Z_][A-Z0-9_]*$/, 'expected an environment variable name such as EVIDENTIA_STORE_URL');

/** A server URL given in the file or through an environment variable (exactly one). */
const urlSource = z
  .object({ url: z.string().min(1).optional(), urlEnv: envName.optional() })
  .strict()
  .refine((s) => (s.url === undefined) !== (s.urlEnv === undefined), {
    message: 'give exactly one of url or urlEnv',
  });

export const storeConfigSchema = z.union([
  z.object({ kind: z.literal('sqlite') }).strict(),
  z
    .object({ kind: z.literal('postgres'), url: z.string().min(1).optional(), urlEnv: envName.optional() })
    .strict()
    .refine((s) => (s.url === undefined) !== (s.urlEnv === undefined), {
      message: 'give exactly one of url or urlEnv',
    }),
]);

/** `cluster.queue`: runs become BullMQ flows on the cluster's Redis, taken by any worker (src/queue/). */
const queueSchema = z
  .object({
    /** Jobs one worker process runs at once. */
    concurrency: z.number().int().min(1).max(256).default(DEFAULT_QUEUE_SETTINGS.concurrency),
    /** A job's lock lifetime: a killed worker's job goes to another after about this long. */
    lockDurationMs: z.number().int().min(1_000).max(600_000).default(DEFAULT_QUEUE_SETTINGS.lockDurationMs),
    /** How often workers look for stalled jobs. */
    stalledIntervalMs: z
      .number()
      .int()
      .min(500)
      .max(600_000)
      .default(DEFAULT_QUEUE_SETTINGS.stalledIntervalMs),
    /** Times a job may stall and be taken again before its run fails. */
    maxStalledCount: z.number().int().min(1).max(100).default(DEFAULT_QUEUE_SETTINGS.maxStalledCount),
    /** Attempts of an account job that fails before the run fails. */
    accountAttempts: z.number().int().min(1).max(20).default(DEFAULT_QUEUE_SETTINGS.accountAttempts),
  })
  .strict();

export const clusterConfigSchema = z.object({ redis: urlSource, queue: queueSchema.optional() }).strict();

export type { StoreSettings };

/** How replicas coordinate; absent: this daemon is alone. */
export interface ClusterSettings {
  redis: { url: string };
  /** Present: runs are BullMQ flows any worker takes; absent: each replica runs its runs whole. */
  queue?: QueueSettings;
}

type Issue = (path: (string | number)[], message: string) => void;
type Env = Readonly<Record<string, string | undefined>>;

/** The URL from `url` or `urlEnv`, checked for its scheme; undefined (after an issue) when unusable. */
function resolveUrl(
  src: { url?: string | undefined; urlEnv?: string | undefined },
  schemes: readonly string[],
  path: string[],
  env: Env,
  issue: Issue,
): string | undefined {
  const field = src.urlEnv ? 'urlEnv' : 'url';
  const value = src.urlEnv ? env[src.urlEnv]?.trim() : src.url;
  if (!value) {
    issue([...path, field], `environment variable ${src.urlEnv} is not set`);
    return undefined;
  }
  let scheme: string;
  try {
    scheme = new URL(value).protocol.replace(/:$/, '');
  } catch {
    // Never echo the value: it may hold a password.
    issue([...path, field], `expected a URL such as ${schemes[0]}://user:password@host:port/…`);
    return undefined;
  }
  if (!schemes.includes(scheme)) {
    issue([...path, field], `expected a ${schemes.join(' or ')} URL, not ${scheme}:`);
    return undefined;
  }
  return value;
}

export function resolveStore(
  store: z.output<typeof storeConfigSchema> | undefined,
  env: Env,
  issue: Issue,
): StoreSettings {
  if (!store || store.kind === 'sqlite') return { kind: 'sqlite' };
  const url = resolveUrl(store, ['postgres', 'postgresql'], ['store'], env, issue);
  return url ? { kind: 'postgres', url } : { kind: 'sqlite' };
}

export function resolveCluster(
  cluster: z.output<typeof clusterConfigSchema> | undefined,
  store: StoreSettings,
  env: Env,
  issue: Issue,
): ClusterSettings | undefined {
  if (!cluster) return undefined;
  // Workers record the runs they end: every replica must read and write the same run history.
  if (cluster.queue && store.kind !== 'postgres') {
    issue(['cluster', 'queue'], 'needs the shared run store: store: { kind: postgres, url | urlEnv }');
  }
  const url = resolveUrl(cluster.redis, ['redis', 'rediss'], ['cluster', 'redis'], env, issue);
  if (!url) return undefined;
  return { redis: { url }, ...(cluster.queue ? { queue: cluster.queue } : {}) };
}
