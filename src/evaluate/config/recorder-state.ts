// Is AWS Config recording in this account and region? Read from DescribeConfigurationRecorderStatus.

import type { EvidenceRecord } from '../../core/evidence-record.js';
import type { QueryResult } from '../../core/finding.js';
import { arrayMember, byOperation, describeError, firstError, member, stringMember } from '../records.js';
import { verdict } from '../verdict.js';

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

/**
 * The gate every Config verdict in one account and region passes first: the role could be assumed, the
 * recorder's status was read, and the recorder is recording. Returns the verdicts for `keys` when the gate is
 * closed (ERROR, or NOT_EVALUATED where Config is not recording), or the recorder records when it is open.
 */
export function recorderGate(
  records: readonly EvidenceRecord[],
  keys: readonly string[],
  scope: { accountId: string; region: string },
): { closed: QueryResult[] } | { open: EvidenceRecord[] } {
  const where = `${scope.accountId}/${scope.region}`;
  const recorderRecords = byOperation(records, 'DescribeConfigurationRecorderStatus');
  const gateError = firstError([...byOperation(records, 'AssumeRole'), ...recorderRecords]);
  if (gateError) {
    const reason = `Could not collect from ${where}: ${describeError(gateError)}`;
    return { closed: keys.map((key) => verdict(key, scope, 'ERROR', reason, [gateError])) };
  }
  if (recorderRecords.length === 0) {
    const reason = `No AWS Config answer was recorded for ${where}`;
    return { closed: keys.map((key) => verdict(key, scope, 'ERROR', reason, [])) };
  }
  const recorder = recorderState(recorderRecords);
  if (!recorder.recording) {
    const reason = `AWS Config is not recording in ${where} (${recorder.detail}), so nothing here can be evaluated`;
    return { closed: keys.map((key) => verdict(key, scope, 'NOT_EVALUATED', reason, recorderRecords)) };
  }
  return { open: recorderRecords };
}
