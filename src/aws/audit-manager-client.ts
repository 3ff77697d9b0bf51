// AWS Audit Manager clients of a run, per account and region: made from the run's shared settings (handler,
// retry budget, endpoint) with the account's credentials, and gated like every other client.

import {
  AuditManagerClient,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from '@aws-sdk/client-auditmanager';
import { runScopedClients } from './run-scoped-client.js';

/**
 * Audit Manager in an account and region (cached per run). The client shares the run's HTTP handler:
 * never destroy it yourself, `clients.destroy()` closes the sockets.
 */
export const auditManagerClientFor = runScopedClients<
  ServiceInputTypes,
  ServiceOutputTypes,
  AuditManagerClient
>((config) => new AuditManagerClient(config));
