// Building blocks shared by the framework, evidence-library and profile schemas.

import { z } from 'zod';
import { RESPONSIBILITIES } from '../../core/responsibility.js';
import { SEVERITIES } from '../../core/severity.js';

/** Lower-case identifier for frameworks, profiles and library queries: `hipaa-security`, `s3-public-read`. */
export const slug = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/, 'expected a lower-case id of letters, digits, dots and dashes');

export const nonEmpty = z.string().trim().min(1, 'expected a non-empty string');

export const responsibility = z.enum(RESPONSIBILITIES, {
  error: () => `expected one of ${RESPONSIBILITIES.join(', ')}`,
});

export const severity = z.enum(SEVERITIES, { error: () => `expected one of ${SEVERITIES.join(', ')}` });

export const httpsUrl = z.url({ protocol: /^https$/, error: 'expected an https:// URL' });

export const accountId = z.string().regex(/^\d{12}$/, 'expected a 12-digit AWS account id');

/** AWS region names such as `us-east-1`, `eu-central-2`, `us-gov-west-1`, `ap-southeast-7`. */
export const regionName = z
  .string()
  .regex(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/, 'expected an AWS region name such as us-east-1');
