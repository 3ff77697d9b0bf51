// The daemon's shared servers, from its configuration file: which run store (`store:`, SQLite by default or
// PostgreSQL) and whether replicas coordinate through Redis (`cluster:`). URLs carry passwords, so they may be
// given through an environment variable, and no message here ever repeats a URL's value.

import { z } from 'zod';
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

export const clusterConfigSchema = z.object({ redis: urlSource }).strict();

export type { StoreSettings };

/** How replicas coordinate; absent: this daemon is alone. */
export interface ClusterSettings {
  redis: { url: string };
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
  env: Env,
  issue: Issue,
): ClusterSettings | undefined {
  if (!cluster) return undefined;
  const url = resolveUrl(cluster.redis, ['redis', 'rediss'], ['cluster', 'redis'], env, issue);
  return url ? { redis: { url } } : undefined;
}
