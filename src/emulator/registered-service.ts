// A service definition bound to its protocol adapter, and the choice of service for an incoming request.

import type { Protocol } from './model/smithy-model.js';
import { AwsJsonProtocol } from './protocols/aws-json.js';
import { AwsQueryProtocol } from './protocols/aws-query.js';
import type { ProtocolAdapter } from './protocols/protocol-adapter.js';
import { RestJsonProtocol } from './protocols/rest-json.js';
import { RestXmlProtocol } from './protocols/rest-xml.js';
import { type EmulatorRequest, header } from './protocols/wire.js';
import type { ServiceDefinition } from './service-definition.js';
import type { ParsedAuthorization } from './sigv4/parse-authorization.js';

export interface RegisteredService {
  definition: ServiceDefinition;
  adapter: ProtocolAdapter;
  protocol: Protocol;
  signingName: string;
}

/** Bind a definition to the adapter for its model's protocol. */
export function registerService(definition: ServiceDefinition): RegisteredService {
  const { model } = definition;
  const adapter: ProtocolAdapter =
    model.protocol === 'awsQuery'
      ? new AwsQueryProtocol(model)
      : model.protocol === 'restJson1'
        ? new RestJsonProtocol(model)
        : model.protocol === 'restXml'
          ? new RestXmlProtocol(model)
          : model.protocol === 'awsJson1_0' || model.protocol === 'awsJson1_1'
            ? new AwsJsonProtocol(model)
            : unsupported(model.protocol);
  return { definition, adapter, protocol: model.protocol, signingName: model.signingName };
}

function unsupported(protocol: string): never {
  throw new Error(`the emulator does not speak ${protocol} yet`);
}

/**
 * The service a request is for: by `X-Amz-Target` prefix (awsJson), else by the signing name in the
 * credential scope, else (unsigned form posts) the only awsQuery service, else (other unsigned requests) the
 * restXml service (S3) whose routes match.
 */
export function pickService(
  req: EmulatorRequest,
  scope: ParsedAuthorization | undefined,
  services: readonly RegisteredService[],
): RegisteredService | undefined {
  const target = header(req, 'x-amz-target');
  if (target) {
    const prefix = target.slice(0, Math.max(0, target.lastIndexOf('.')));
    return services.find(
      (s) => s.definition.model.targetPrefix === prefix && s.protocol.startsWith('awsJson'),
    );
  }
  if (scope) {
    const bySigning = services.filter((s) => s.signingName === scope.service);
    if (bySigning.length === 1) return bySigning[0];
  }
  const query = services.filter((s) => s.protocol === 'awsQuery');
  const isForm = (header(req, 'content-type') ?? '').startsWith('application/x-www-form-urlencoded');
  if (isForm) return query.length === 1 ? query[0] : undefined;
  // An unsigned S3 request (path-style URL) is S3's to refuse, with its own AccessDenied.
  return services.find((s) => s.protocol === 'restXml' && s.adapter.operationName(req) !== undefined);
}
