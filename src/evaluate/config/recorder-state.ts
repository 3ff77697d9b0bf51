// Is AWS Config recording in this account and region? Read from DescribeConfigurationRecorderStatus.

import type { EvidenceRecord } from '../../core/evidence-record.js';
import { arrayMember, member, stringMember } from '../records.js';

export interface RecorderState {
  recording: boolean;
  /** Human-readable detail for reasons: "no configuration recorder", "recorder default stopped". */
  detail: string;
}

/** Recording when at least one recorder reports `recording: true`. */
export function recorderState(records: readonly EvidenceRecord[]): RecorderState {
  const statuses = records.flatMap((r) => arrayMember(r.response, 'ConfigurationRecordersStatus'));
  if (statuses.length === 0) return { recording: false, detail: 'no configuration recorder' };
  if (statuses.some((s) => member(s, 'recording') === true)) return { recording: true, detail: 'recording' };
  const names = statuses.map((s) => stringMember(s, 'name') ?? 'unnamed').join(', ');
  return { recording: false, detail: `recorder ${names} stopped` };
}
