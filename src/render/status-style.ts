// How each status and severity looks in every report: one label and one colour, shared by PDF and HTML.

import type { Severity } from '../core/severity.js';
import type { Status } from '../core/status.js';

export interface StatusStyle {
  label: string;
  /** Fill colour (hex). */
  color: string;
  /** Text colour on top of the fill. */
  ink: string;
}

/** Restrained palette: green and blue for met, red for failing, amber and greys for everything unproven. */
export const STATUS_STYLE: Record<Status, StatusStyle> = {
  PASS: { label: 'Pass', color: '#2E7D4F', ink: '#FFFFFF' },
  INHERITED: { label: 'Inherited', color: '#3B6EA5', ink: '#FFFFFF' },
  FAIL: { label: 'Fail', color: '#B42318', ink: '#FFFFFF' },
  ERROR: { label: 'Error', color: '#8E4A9E', ink: '#FFFFFF' },
  NOT_EVALUATED: { label: 'Not evaluated', color: '#7B8794', ink: '#FFFFFF' },
  MANUAL: { label: 'Manual', color: '#C98A0B', ink: '#FFFFFF' },
  NOT_APPLICABLE: { label: 'Not applicable', color: '#CBD2D9', ink: '#1F2933' },
};

/** The order statuses appear in charts, legends and tables: met first, then failing, then unproven. */
export const STATUS_ORDER: readonly Status[] = [
  'PASS',
  'INHERITED',
  'FAIL',
  'ERROR',
  'NOT_EVALUATED',
  'MANUAL',
  'NOT_APPLICABLE',
];

export const SEVERITY_STYLE: Record<Severity, StatusStyle> = {
  critical: { label: 'Critical', color: '#7A1010', ink: '#FFFFFF' },
  high: { label: 'High', color: '#B42318', ink: '#FFFFFF' },
  medium: { label: 'Medium', color: '#C4661F', ink: '#FFFFFF' },
  low: { label: 'Low', color: '#7B8794', ink: '#FFFFFF' },
};

/** Neutral colours of the report chrome. */
export const PALETTE = {
  ink: '#1F2933',
  muted: '#52606D',
  faint: '#9AA5B1',
  rule: '#D9DEE3',
  band: '#F3F5F7',
  accent: '#1F3A5F',
  link: '#1F5A96',
} as const;
