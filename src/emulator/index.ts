// The wire-level AWS emulator: one local HTTP server that the real AWS SDK v3 clients talk to, answering STS,
// Organizations and AWS Config from a declarative world (docs/emulator.md). Used by integration tests (port 0,
// in process), benchmarks (synthetic organisations with latency and rate limits) and the demo.

import { randomBytes } from 'node:crypto';
import { type Clock, systemClock } from '../core/clock.js';
import { type Logger, silentLogger } from '../core/logger.js';
import { CredentialStore } from './auth/credential-store.js';
import { FaultController } from './faults/fault-controller.js';
import type { PipelineDeps } from './handle-request.js';
import { listen } from './http-server.js';
import { PageTokens } from './page-tokens.js';
import { registerService } from './registered-service.js';
import type { RequestLogEntry } from './request-log.js';
import { REQUEST_LOG_ENV, requestLogSink } from './request-log-sink.js';
import { SeededRandom } from './seeded-random.js';
import type { ServiceDefinition } from './service-definition.js';
import { artifactService } from './services/artifact/artifact-service.js';
import { auditManagerService } from './services/auditmanager/audit-manager-service.js';
import { configService } from './services/config/config-service.js';
import { kmsService } from './services/kms/kms-service.js';
import { organizationsService } from './services/organizations/organizations-service.js';
import { s3Service } from './services/s3/s3-service.js';
import { securityHubService } from './services/securityhub/securityhub-service.js';
import { stsService } from './services/sts/sts-service.js';
import type { World } from './world/world-schema.js';
import { WorldState } from './world/world-state.js';

export { demoWorld, loadWorld } from './built-in-worlds.js';
export type { ActiveFault, FaultController } from './faults/fault-controller.js';
export type { FaultKind, FaultSpec, RateLimit } from './faults/fault-spec.js';
export type { RequestLogEntry } from './request-log.js';
export { REQUEST_LOG_ENV, type RecordedUsage, usageOf } from './request-log-sink.js';
export type { OperationContext, OperationHandler, ServiceDefinition } from './service-definition.js';
export { AwsServiceError } from './service-error.js';
export { defineWorld, loadWorldFile, parseWorldText } from './world/load-world.js';
export type { World, WorldInput } from './world/world-schema.js';
export type { WorldState } from './world/world-state.js';
export { type SyntheticOptions, syntheticWorld } from './worlds/synthetic-world.js';

export interface StartEmulatorOptions {
  world: World;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
  logger?: Logger;
  /** Seed for issued keys and fault probabilities; default the world's `seed`. */
  seed?: number;
  /** The emulator's notion of now (credential expiry, signature skew); default the system clock. */
  clock?: Clock;
  /** Called after each request is answered (the CLI's --verbose log). */
  onRequest?: (entry: RequestLogEntry) => void;
  /** Services to serve besides STS, Organizations and Config (e.g. Audit Manager, Artifact, KMS). */
  services?: ServiceDefinition[];
  /** Folder where each distinct call is also recorded (request-log-sink.ts); default: $EVIDENTIA_EMULATOR_REQUEST_LOG. */
  requestLogDir?: string;
}

export interface Emulator {
  /** `http://127.0.0.1:PORT`: pass as `endpoint` to every SDK client. */
  url: string;
  /** Live state; tests may change rules and resources between calls. */
  world: WorldState;
  /** Add or clear faults, set the rate limit and latency, at run time. */
  faults: FaultController;
  /** Every request received, in arrival order. */
  requests: RequestLogEntry[];
  /** The caller's long-term keys (an IAM user of the management account). */
  credentials: { accessKeyId: string; secretAccessKey: string; accountId: string };
  close(): Promise<void>;
}

/** Start an emulator serving `world`. */
export async function startEmulator(opts: StartEmulatorOptions): Promise<Emulator> {
  const { world } = opts;
  const clock = opts.clock ?? systemClock;
  const logger = opts.logger ?? silentLogger();
  const seed = opts.seed ?? world.seed;
  const state = new WorldState(world, clock.now());
  const credentials = new CredentialStore(new SeededRandom(seed));
  const mgmt = world.organization.managementAccount;
  const callerKeys =
    world.caller.accessKeyId && world.caller.secretAccessKey
      ? { accessKeyId: world.caller.accessKeyId, secretAccessKey: world.caller.secretAccessKey }
      : undefined;
  const caller = credentials.addUser(mgmt, world.caller.userName, callerKeys);
  const faults = new FaultController(new SeededRandom(seed ^ 0x5eed), world.faults);
  if (world.rateLimit) faults.setRateLimit(world.rateLimit);
  faults.setLatency(world.latencyMs);

  const extra = opts.services ?? [];
  const defaults = [
    stsService(),
    organizationsService(),
    configService(),
    kmsService(),
    artifactService(),
    auditManagerService(),
    securityHubService(),
    s3Service(),
  ];
  // A service given in `services` replaces the default with the same signing name (a test's stub Artifact).
  const services = [
    ...defaults.filter((d) => !extra.some((s) => s.model.signingName === d.model.signingName)),
    ...extra,
  ].map(registerService);
  const deps: PipelineDeps = {
    services,
    world: state,
    credentials,
    faults,
    tokens: new PageTokens(randomBytes(32)),
    clock,
    logger,
  };
  const requests: RequestLogEntry[] = [];
  const sinkDir = opts.requestLogDir ?? process.env[REQUEST_LOG_ENV];
  const sink = sinkDir ? requestLogSink(sinkDir) : undefined;
  const record = (entry: RequestLogEntry) => {
    requests.push(entry);
    sink?.(entry);
    opts.onRequest?.(entry);
  };
  const server = await listen(deps, record, opts.host ?? '127.0.0.1', opts.port ?? 0, logger);
  logger.debug({ url: server.url, world: world.name }, 'emulator listening');
  return {
    url: server.url,
    world: state,
    faults,
    requests,
    credentials: {
      accessKeyId: caller.accessKeyId,
      secretAccessKey: caller.secretAccessKey,
      accountId: mgmt,
    },
    close: server.close,
  };
}
