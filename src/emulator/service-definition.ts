// What a service contributes to the emulator: its Smithy model and one handler per implemented operation.
// Adding a service (Audit Manager, Artifact, KMS) means writing a ServiceDefinition; dispatch, validation,
// signing checks, faults and error shapes come from the emulator for every protocol.

import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { CredentialStore, Principal } from './auth/credential-store.js';
import type { SmithyModel } from './model/smithy-model.js';
import type { ValidationProblem } from './model/validate-input.js';
import type { PageTokens } from './page-tokens.js';
import type { AwsServiceError, CommonError } from './service-error.js';
import type { WorldState } from './world/world-state.js';

/** Everything a handler may use to answer one call. */
export interface OperationContext {
  requestId: string;
  /** Service signing name (`config`, `sts`, ...). */
  service: string;
  operation: string;
  /** Who is calling: the principal of the credentials that signed the request. */
  caller: Principal;
  accessKeyId: string;
  /** Region of the signature's credential scope. */
  region: string;
  world: WorldState;
  clock: Clock;
  tokens: PageTokens;
  credentials: CredentialStore;
  logger: Logger;
}

/** Answer one operation. `input` has passed model validation. Throw AwsServiceError to answer an error. */
export type OperationHandler = (
  input: Record<string, unknown>,
  ctx: OperationContext,
) => unknown | Promise<unknown>;

export interface ServiceDefinition {
  model: SmithyModel;
  handlers: Partial<Record<string, OperationHandler>>;
  /** Error codes that differ from the protocol's defaults (e.g. Organizations throttles with TooManyRequestsException). */
  errors?: Partial<Record<CommonError, string>>;
  /** How this service reports failed input validation (default: the protocol's validation error with AWS's summary). */
  validationError?: (problems: readonly ValidationProblem[]) => AwsServiceError;
}
