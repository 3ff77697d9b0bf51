// AWS KMS (awsJson1_1, TrentService): DescribeKey, GetPublicKey and Sign with real cryptography, so audit
// packages can be signed by a key that never leaves "KMS" in tests and the demo.

import type { ServiceDefinition } from '../../service-definition.js';
import { awsModel } from '../model-paths.js';
import { describeKey } from './describe-key.js';
import { getPublicKey } from './get-public-key.js';
import { sign } from './sign.js';

/** The KMS service definition. */
export function kmsService(): ServiceDefinition {
  return {
    model: awsModel('kms'),
    handlers: { DescribeKey: describeKey, GetPublicKey: getPublicKey, Sign: sign },
  };
}
