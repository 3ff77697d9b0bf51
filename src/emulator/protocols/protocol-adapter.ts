// The four jobs a wire protocol does for the emulator: name the operation a request calls, decode its
// input, encode a result, encode an error.

import type { OperationInfo } from '../model/smithy-model.js';
import type { EmulatorRequest, ResolvedError, WireResponse } from './wire.js';

export interface ProtocolAdapter {
  /** The operation the request names, or undefined when it names none. */
  operationName(req: EmulatorRequest): string | undefined;
  /** The input members, typed as the model says. Throws CommonServiceError('serialization') for unreadable input. */
  decode(req: EmulatorRequest, op: OperationInfo): Record<string, unknown>;
  encode(op: OperationInfo, output: unknown, requestId: string): WireResponse;
  encodeError(error: ResolvedError, requestId: string): WireResponse;
}
