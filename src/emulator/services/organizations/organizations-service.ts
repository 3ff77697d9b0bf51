// Organizations (awsJson1_1): DescribeOrganization and ListAccounts. Its request validation answers
// InvalidInputException with a Reason, and it throttles with TooManyRequestsException, as AWS does.

import type { ValidationProblem } from '../../model/validate-input.js';
import { summarizeProblems } from '../../model/validate-input.js';
import type { ServiceDefinition } from '../../service-definition.js';
import { AwsServiceError } from '../../service-error.js';
import { awsModel } from '../model-paths.js';
import { describeOrganization } from './describe-organization.js';
import { listAccounts } from './list-accounts.js';

/** The Organizations service definition. */
export function organizationsService(): ServiceDefinition {
  return {
    model: awsModel('organizations'),
    handlers: { DescribeOrganization: describeOrganization, ListAccounts: listAccounts },
    errors: { throttling: 'TooManyRequestsException' },
    validationError: invalidInput,
  };
}

function invalidInput(problems: readonly ValidationProblem[]): AwsServiceError {
  const first = problems[0];
  const message = first?.message ?? '';
  const reason =
    first?.kind === 'required'
      ? 'INPUT_REQUIRED'
      : first?.kind === 'length'
        ? message.includes('less than')
          ? 'MAX_LENGTH_EXCEEDED'
          : 'MIN_LENGTH_EXCEEDED'
        : first?.kind === 'range'
          ? message.includes('less than')
            ? 'MAX_VALUE_EXCEEDED'
            : 'MIN_VALUE_EXCEEDED'
          : first?.kind === 'enum'
            ? 'INVALID_ENUM'
            : 'INVALID_PATTERN';
  return new AwsServiceError('InvalidInputException', summarizeProblems(problems), {
    fields: { Reason: reason },
  });
}
