// Look-ups into the catalogue and profile a report needs: frameworks (the profile's industry framework
// included), controls, library queries, attestation owners. A framework missing from the catalogue (the
// file changed since the run) degrades to what results.json itself says, never to an error.

import type { Catalog, Control, Framework, LibraryQuery, Profile } from '../../catalog/types.js';
import { queryKeyOf } from '../../catalog/types.js';
import type { EvidenceRefView } from '../view-types.js';

/** Read-only access to the catalogue, keyed the way findings are. */
export class ReportCatalog {
  private readonly frameworks = new Map<string, Framework>();
  private readonly controls = new Map<string, Control>();
  private readonly catalog: Catalog;
  private readonly profile: Profile;

  constructor(catalog: Catalog, profile: Profile) {
    this.catalog = catalog;
    this.profile = profile;
    const all = [...catalog.frameworks.values()];
    if (profile.industryFramework) all.push(profile.industryFramework);
    for (const fw of all) {
      this.frameworks.set(fw.id, fw);
      for (const c of fw.controls) this.controls.set(controlKey(fw.id, c.id), c);
    }
  }

  framework(id: string): Framework | undefined {
    return this.frameworks.get(id);
  }

  control(frameworkId: string, controlId: string): Control | undefined {
    return this.controls.get(controlKey(frameworkId, controlId));
  }

  query(key: string): LibraryQuery | undefined {
    return this.catalog.queries.get(key);
  }

  /** The evidence a control names, in catalogue order, with short labels for tables. */
  evidenceRefs(control: Control): EvidenceRefView[] {
    return control.evidence.map((ref) => {
      const key = queryKeyOf(ref, control);
      const weighing = { role: ref.role, rationale: ref.rationale ?? null };
      if (ref.kind === 'manual')
        return { key, kind: ref.kind, id: ref.title, title: `Attestation: ${ref.title}`, ...weighing };
      const id = key.slice(key.indexOf(':') + 1);
      return { key, kind: ref.kind, id, title: this.query(key)?.title ?? id, ...weighing };
    });
  }

  /** Evidence query keys of a control, in catalogue order. */
  queryKeys(control: Control): string[] {
    return control.evidence.map((ref) => queryKeyOf(ref, control));
  }

  /** The person the profile maps an attestation owner (a role) to, if any. */
  ownerContact(owner: string): string | null {
    return this.profile.evidence.attestations.owners[owner] ?? null;
  }

  /** Every owner role the profile maps, with its person, in the profile's order. */
  ownerRoles(): [role: string, person: string][] {
    return Object.entries(this.profile.evidence.attestations.owners);
  }
}

/** Map key of a control. */
export function controlKey(frameworkId: string, controlId: string): string {
  return `${frameworkId}\u0000${controlId}`;
}
