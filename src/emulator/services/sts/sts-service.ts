// STS (awsQuery): GetCallerIdentity and AssumeRole, issuing per-account temporary credentials.

import type { ServiceDefinition } from '../../service-definition.js';
import { awsModel } from '../model-paths.js';
import { assumeRole } from './assume-role.js';
import { getCallerIdentity } from './get-caller-identity.js';

/** The STS service definition. */
export function stsService(): ServiceDefinition {
  return {
    model: awsModel('sts'),
    handlers: { GetCallerIdentity: getCallerIdentity, AssumeRole: assumeRole },
  };
}
