// Schemas of what requests may carry: the report request body and the run-list query. Strict: an unknown
// field is a 400, not silently ignored.

import { z } from 'zod';
import { slug } from '../../catalog/schema/common.js';

export const reportRequestSchema = z
  .object({
    profile: z.string({ error: 'expected a profile id (string)' }).pipe(slug),
  })
  .strict();

export const runListQuerySchema = z
  .object({
    profile: slug.optional(),
    status: z.enum(['running', 'completed', 'failed', 'aborted']).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
  })
  .strict();
