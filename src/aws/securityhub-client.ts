// AWS Security Hub clients of a run, per account and region: made from the run's shared settings (handler,
// retry budget, endpoint) with the account's credentials, and gated like every other client.

import {
  SecurityHubClient,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from '@aws-sdk/client-securityhub';
import { runScopedClients } from './run-scoped-client.js';

/**
 * Security Hub in an account and region (cached per run). The client shares the run's HTTP handler:
 * never destroy it yourself, `clients.destroy()` closes the sockets.
 */
export const securityHubClientFor = runScopedClients<
  ServiceInputTypes,
  ServiceOutputTypes,
  SecurityHubClient
>((config) => new SecurityHubClient(config));
