// Schema of the daemon's configuration file: which profiles run on which schedule, where output and state
// live, retention, shutdown grace, the HTTP service and its tokens, and notifications.

import { z } from 'zod';
import { nonEmpty, slug } from '../../catalog/schema/common.js';
import { deliverySchema } from '../../deliver/delivery-schema.js';
import { clusterConfigSchema, storeConfigSchema } from './cluster-config.js';

/** Roles a token can carry: officers request reports and download; auditors download bundles and verify. */
export const ROLES = ['officer', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

const envName = z
  .string()
  .regex(/^[A-Z_][A-Z0-9_]*$/, 'expected an environment variable name such as EVIDENTIA_TOKEN_SHA256');

const sha256Hex = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'expected the SHA-256 of the token as 64 lower-case hex digits (never the token)');

const scheduleSchema = z
  .object({
    /** Cron expression (five fields, or six with seconds), as node-cron reads it. */
    cron: nonEmpty,
    /** IANA time zone the expression is read in; default UTC. */
    timezone: nonEmpty.default('UTC'),
  })
  .strict();

const profileEntrySchema = z
  .object({
    /** A built-in profile name (healthcare, financial, nonprofit, retail) or a path relative to this file. */
    profile: nonEmpty,
    /** When to run; default: the profile's own `schedule`. `false`: on demand only. */
    schedule: z.union([scheduleSchema, z.literal(false)]).optional(),
    /** After each sealed run, import its verdicts into AWS Security Hub (as `collect --to-security-hub`). */
    toSecurityHub: z.boolean().optional(),
  })
  .strict();

const tokenSchema = z
  .object({
    /** Who holds the token (shown in logs and in the run history as the requester). */
    name: z.string().regex(/^[\w.@-]{1,64}$/, 'expected a name of letters, digits, dots, dashes or @'),
    role: z.enum(ROLES, { error: () => `expected one of ${ROLES.join(', ')}` }),
    /** SHA-256 (hex) of the token; `evidentia daemon --new-token <role>` makes a token and prints it. */
    sha256: sha256Hex.optional(),
    /** Environment variable holding the SHA-256 instead (for containers). */
    sha256Env: envName.optional(),
  })
  .strict()
  .refine((t) => (t.sha256 === undefined) !== (t.sha256Env === undefined), {
    message: 'give exactly one of sha256 or sha256Env',
  });

const webhookSchema = z
  .object({
    url: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }),
    format: z.enum(['slack', 'teams']).default('slack'),
  })
  .strict();

export const daemonConfigSchema = z
  .object({
    /** Output root: runs land in `<output>/<profile>/<run-id>/` with the bundle beside. Relative to this file. */
    output: nonEmpty.default('output'),
    /** State folder: the run database (`evidentia.db`). Relative to this file. */
    state: nonEmpty.default('.evidentia'),
    /** Send every AWS call to this endpoint (e.g. the emulator); default: AWS itself. */
    endpoint: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).optional(),
    profiles: z.array(profileEntrySchema).min(1, 'expected at least one profile'),
    /** Trust anchors for the verify route: PEM files of the signer's certificate or its CA, relative to this file. */
    trust: z.array(nonEmpty).default([]),
    retention: z
      .object({
        /** Keep the bundles of at least this many newest completed runs per profile. */
        keepLast: z.number().int().min(1).optional(),
        /** Keep bundles younger than this many days. HIPAA asks for six years (2190 days). */
        maxAgeDays: z.number().int().min(1).optional(),
      })
      .strict()
      .default({}),
    shutdown: z
      .object({
        /** On SIGTERM/SIGINT, let running collections finish for this long, then abort them. */
        graceSeconds: z.number().min(0).max(3600).default(30),
      })
      .strict()
      .default({ graceSeconds: 30 }),
    http: z
      .object({
        enabled: z.boolean().default(true),
        host: nonEmpty.default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(8080),
        /** The service's address as users reach it (links in notifications). */
        publicUrl: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).optional(),
        /** Largest request body accepted, in bytes. */
        bodyLimitBytes: z.number().int().min(256).max(1_048_576).default(16_384),
        tokens: z.array(tokenSchema).default([]),
        /** Requests a minute per token on expensive routes (verify, bundle download). */
        expensivePerMinute: z.number().int().min(1).max(100_000).default(30),
      })
      .strict()
      .default({
        enabled: true,
        host: '127.0.0.1',
        port: 8080,
        bodyLimitBytes: 16_384,
        tokens: [],
        expensivePerMinute: 30,
      }),
    notify: z
      .object({
        /** Default webhook for profiles without their own `notify.webhook`. */
        webhook: webhookSchema.optional(),
        /** Attestations whose validity ends within this many days are announced. */
        expiringWithinDays: z.number().int().min(0).max(365).default(30),
        /** Attempts per notification, with exponential backoff. */
        attempts: z.number().int().min(1).max(10).default(5),
      })
      .strict()
      .default({ expiringWithinDays: 30, attempts: 5 }),
    /** Default `delivery:` for profiles without their own (src/deliver/delivery-schema.ts). */
    delivery: deliverySchema.optional(),
    /** The run store: `{ kind: sqlite }` (default, `<state>/evidentia.db`) or `{ kind: postgres, url | urlEnv }`. */
    store: storeConfigSchema.optional(),
    /** Replicas sharing Redis (`redis: { url | urlEnv }`) start each profile once per tick and answer 409 cluster-wide. */
    cluster: clusterConfigSchema.optional(),
  })
  .strict();

export type DaemonConfigFile = z.output<typeof daemonConfigSchema>;

/** A profile id as used in URLs and on the command line. */
export const profileId = slug;
