// Small shared shapes: a status counter in display order, and a control named with its verdict.

import type { ControlResult } from '../../core/finding.js';
import type { Status } from '../../core/status.js';
import { controlAnchor } from '../anchors.js';
import { STATUS_ORDER, STATUS_STYLE } from '../status-style.js';
import type { ControlBrief, StatusCount } from '../view-types.js';

/** Counts in display order, zeros included. */
export function statusCounts(counts: Record<Status, number>): StatusCount[] {
  return STATUS_ORDER.map((status) => ({
    status,
    label: STATUS_STYLE[status].label,
    color: STATUS_STYLE[status].color,
    count: counts[status] ?? 0,
  }));
}

/** A control with its verdict, for lists. */
export function controlBrief(
  c: Pick<ControlResult, 'frameworkId' | 'controlId' | 'ref' | 'title' | 'status'>,
): ControlBrief {
  return {
    frameworkId: c.frameworkId,
    controlId: c.controlId,
    ref: c.ref,
    title: c.title,
    status: c.status,
    statusLabel: STATUS_STYLE[c.status].label,
    statusColor: STATUS_STYLE[c.status].color,
    anchor: controlAnchor(c.frameworkId, c.controlId),
  };
}
