// DescribeConfigurationRecorders and DescribeConfigurationRecorderStatus: one recorder named `default` unless
// the world says the region has none; `off` means it exists but is not recording.

import type { OperationContext } from '../../service-definition.js';
import { AwsServiceError } from '../../service-error.js';
import type { RegionState } from '../../world/world-state.js';
import { callerRegion } from './config-scope.js';

const RECORDER_NAME = 'default';

/** The recorder of the caller's region, if any. */
export function describeConfigurationRecorders(input: Record<string, unknown>, ctx: OperationContext) {
  const region = recorderRegion(input, ctx);
  if (!region) return { ConfigurationRecorders: [] };
  const acct = region.accountId;
  return {
    ConfigurationRecorders: [
      {
        arn: `arn:aws:config:${region.region}:${acct}:configuration-recorder/${RECORDER_NAME}/${acct}`,
        name: RECORDER_NAME,
        roleARN: `arn:aws:iam::${acct}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
        recordingGroup: {
          allSupported: true,
          includeGlobalResourceTypes: region.region === ctx.world.regions[0],
          resourceTypes: [],
        },
        recordingMode: { recordingFrequency: 'CONTINUOUS' },
      },
    ],
  };
}

/** Whether the caller's recorder is recording. */
export function describeConfigurationRecorderStatus(input: Record<string, unknown>, ctx: OperationContext) {
  const region = recorderRegion(input, ctx);
  if (!region) return { ConfigurationRecordersStatus: [] };
  const t = ctx.world.time.getTime();
  const started = new Date(t - 90 * 86_400_000);
  const recording = region.recorder === 'on';
  const status: Record<string, unknown> = {
    arn: `arn:aws:config:${region.region}:${region.accountId}:configuration-recorder/${RECORDER_NAME}/${region.accountId}`,
    name: RECORDER_NAME,
    lastStartTime: started,
    recording,
    lastStatus: recording ? 'Success' : 'NotApplicable',
    lastStatusChangeTime: recording ? new Date(t - 15 * 60_000) : new Date(t - 30 * 86_400_000),
  };
  if (!recording) status.lastStopTime = new Date(t - 30 * 86_400_000);
  return { ConfigurationRecordersStatus: [status] };
}

function recorderRegion(input: Record<string, unknown>, ctx: OperationContext): RegionState | undefined {
  const region = callerRegion(ctx);
  const exists = region.recorder !== 'none';
  const names = Array.isArray(input.ConfigurationRecorderNames)
    ? (input.ConfigurationRecorderNames as string[])
    : [];
  for (const name of names) {
    if (!exists || name !== RECORDER_NAME) {
      throw new AwsServiceError(
        'NoSuchConfigurationRecorderException',
        `Cannot find configuration recorder with the specified name '${name}'.`,
      );
    }
  }
  return exists ? region : undefined;
}
