// Every resource template of the generated demo estate, by AWS Config resource type.

import type { ResourceTemplate } from '../estate-context.js';
import { APP_TEMPLATES } from './apps.js';
import { COMPUTE_TEMPLATES } from './compute.js';
import { DATABASE_TEMPLATES } from './databases.js';
import { NETWORK_TEMPLATES } from './network.js';
import { SECURITY_TEMPLATES } from './security.js';
import { STORAGE_TEMPLATES } from './storage.js';

/** Resource type → template. */
export const TEMPLATES: Readonly<Record<string, ResourceTemplate>> = {
  ...APP_TEMPLATES,
  ...COMPUTE_TEMPLATES,
  ...DATABASE_TEMPLATES,
  ...NETWORK_TEMPLATES,
  ...SECURITY_TEMPLATES,
  ...STORAGE_TEMPLATES,
};
