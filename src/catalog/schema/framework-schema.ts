// Schema of a framework file (`type: framework`): one standard at one version, every control of it.

import { z } from 'zod';
import { httpsUrl, nonEmpty, responsibility, slug } from './common.js';
import { evidenceRef } from './evidence-ref.js';

export const controlSchema = z
  .object({
    /** Short official id, e.g. `164.312(a)(2)(iv)`, `3.5.1`, `Art.32(1)(a)`, `A.8.24`. */
    id: nonEmpty,
    /** Full official citation; must contain the id's numeric core (checked). */
    ref: nonEmpty,
    title: nonEmpty,
    /** What the control asks, in our own words. */
    summary: nonEmpty,
    /** Id of a group declared in `groups` (section, safeguard, theme). */
    group: slug.optional(),
    responsibility,
    /** One line on why the responsibility is what it is, where that is not obvious. */
    responsibilityNote: nonEmpty.optional(),
    /** Framework-specific facts shown in reports, e.g. `requirement: addressable`, `theme: technological`. */
    attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
    /**
     * The kinds of entity the control applies to (values of the framework's `entityKinds`), e.g. PCI DSS
     * requirements for service providers only; absent → every entity. A profile states which kind it is.
     */
    appliesTo: z.array(slug).min(1).optional(),
    /** Why this control needs more decisive automated evidence than the catalogue's usual cap (tested). */
    decisiveNote: nonEmpty.optional(),
    /** How the control is proven; procedural controls use `kind: manual`. */
    evidence: z
      .array(evidenceRef)
      .min(1, 'expected at least one evidence entry (use kind: manual for procedural controls)'),
  })
  .strict();

export const frameworkSchema = z
  .object({
    type: z.literal('framework'),
    id: slug,
    name: nonEmpty,
    version: nonEmpty,
    publisher: nonEmpty.optional(),
    url: httpsUrl.optional(),
    description: nonEmpty.optional(),
    /**
     * The kinds of entity the standard distinguishes, e.g. `[merchant, service-provider]` for PCI DSS or
     * `[covered-entity, business-associate, clearinghouse]` for HIPAA; controls name them in `appliesTo`.
     */
    entityKinds: z.array(slug).min(1).optional(),
    groups: z
      .array(z.object({ id: slug, title: nonEmpty, description: nonEmpty.optional() }).strict())
      .default([]),
    controls: z.array(controlSchema).min(1, 'expected at least one control'),
  })
  .strict();

export type ControlInput = z.input<typeof controlSchema>;
export type FrameworkFile = z.output<typeof frameworkSchema>;
export type ControlDef = z.output<typeof controlSchema>;
