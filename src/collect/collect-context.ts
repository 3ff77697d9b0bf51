// Everything a collector needs, passed in: clients, the evidence writer, the clock, the logger, limits.

import type { AwsClients } from '../aws/aws-clients.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { EvidenceWriter } from './evidence-writer.js';

export interface CollectContext {
  clients: AwsClients;
  writer: EvidenceWriter;
  clock: Clock;
  logger: Logger;
  /** Failing resources to fetch per rule (the exact count comes from the compliance summary). */
  maxResources: number;
  /** Aborts in-flight work when the run is cancelled. */
  signal: AbortSignal;
  /** Folder of the profile file; relative paths in the profile resolve against it. */
  profileDir: string;
  /** The run folder being written; files that travel with the run (reports, attestation documents) go here. */
  runDir: string;
}
