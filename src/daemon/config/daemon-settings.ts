// The daemon's settings once the configuration file (or `--demo`) has been read, checked and resolved:
// absolute paths, loaded profiles with their schedules, token hashes.

import type { Catalog, Profile } from '../../catalog/index.js';
import type { ClusterSettings, StoreSettings } from './cluster-config.js';
import type { Role } from './daemon-config-schema.js';

export interface ProfileSchedule {
  cron: string;
  timezone: string;
}

export interface ScheduledProfile {
  profile: Profile;
  /** Absent: the profile runs on demand only. */
  schedule?: ProfileSchedule;
  /** Import each sealed run's verdicts into AWS Security Hub (`collect --to-security-hub`). */
  toSecurityHub?: boolean;
}

/** A bearer token as configured: never the token itself, only its SHA-256. */
export interface TokenEntry {
  name: string;
  role: Role;
  /** Lower-case hex SHA-256 of the token. */
  sha256: string;
}

export interface RetentionPolicy {
  keepLast?: number;
  maxAgeDays?: number;
}

export interface WebhookTarget {
  url: string;
  format: 'slack' | 'teams';
}

export interface HttpSettings {
  enabled: boolean;
  host: string;
  port: number;
  publicUrl?: string;
  bodyLimitBytes: number;
  tokens: TokenEntry[];
  /** Requests a minute per token on expensive routes (verify, bundle download). */
  expensivePerMinute?: number;
}

export interface DaemonSettings {
  /** The configuration file, or a label such as `--demo`. */
  source: string;
  outDir: string;
  stateDir: string;
  endpoint?: string;
  catalog: Catalog;
  profiles: ScheduledProfile[];
  retention: RetentionPolicy;
  /** How long running collections may go on after SIGTERM before they are aborted. */
  graceMs: number;
  http: HttpSettings;
  notify: { webhook?: WebhookTarget; expiringWithinDays: number; attempts: number };
  /** PEM files of the trust anchors the verify route checks signers against (absolute paths). */
  trust?: string[];
  /** Where runs are recorded; absent: SQLite in the state folder. */
  store?: StoreSettings;
  /** Redis shared with other replicas; absent: this daemon is alone. */
  cluster?: ClusterSettings;
  /**
   * What this process does (`--role`): `web` serves the API and page and schedules runs, `worker` takes jobs
   * of the work queue, `all` (default) both. Other than `all` only with `cluster.queue`.
   */
  role?: DaemonRole;
}

export const DAEMON_ROLES = ['web', 'worker', 'all'] as const;
export type DaemonRole = (typeof DAEMON_ROLES)[number];
