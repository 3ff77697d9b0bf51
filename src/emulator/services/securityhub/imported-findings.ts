// Findings that finding providers sent with BatchImportFindings, kept per world: keyed by (ProductArn, Id) so
// a later import of the same finding updates it in place, as Security Hub does. Tests can make chosen finding
// ids fail their next imports (`failNext`) to exercise a provider's retry of FailedFindings.

import type { WorldState } from '../../world/world-state.js';
import type { Finding } from './securityhub-state.js';

/** A per-finding failure a test asked for. */
export interface ImportFault {
  errorCode: string;
  errorMessage: string;
  /** Imports of this id still to fail. */
  remaining: number;
}

export class ImportedFindingStore {
  private readonly byKey = new Map<string, Finding>();
  private readonly faults = new Map<string, ImportFault>();

  /** The stored finding with this product and id. */
  get(productArn: string, id: string): Finding | undefined {
    return this.byKey.get(key(productArn, id));
  }

  /** Store (create or replace) a finding. */
  put(productArn: string, finding: Finding): void {
    this.byKey.set(key(productArn, finding.Id), finding);
  }

  /** Imported findings of one account in one region. */
  of(accountId: string, region: string): Finding[] {
    return [...this.byKey.values()].filter((f) => f.AwsAccountId === accountId && f.Region === region);
  }

  /** Every imported finding. */
  all(): Finding[] {
    return [...this.byKey.values()];
  }

  /** Make the next `times` imports of each id fail with `errorCode` (returned in FailedFindings). */
  failNext(
    ids: readonly string[],
    opts: { times?: number; errorCode?: string; errorMessage?: string } = {},
  ): void {
    for (const id of ids)
      this.faults.set(id, {
        errorCode: opts.errorCode ?? 'InternalException',
        errorMessage: opts.errorMessage ?? 'Injected import failure (emulator fault)',
        remaining: opts.times ?? 1,
      });
  }

  /** The fault to answer for `id` now, if one is pending (and count it). */
  takeFault(id: string): ImportFault | undefined {
    const f = this.faults.get(id);
    if (!f) return undefined;
    f.remaining--;
    if (f.remaining <= 0) this.faults.delete(id);
    return f;
  }
}

function key(productArn: string, id: string): string {
  return `${productArn}\n${id}`;
}

const stores = new WeakMap<WorldState, ImportedFindingStore>();

/** The imported findings of a world (made empty on first use). */
export function importedFindings(world: WorldState): ImportedFindingStore {
  let store = stores.get(world);
  if (!store) {
    store = new ImportedFindingStore();
    stores.set(world, store);
  }
  return store;
}
