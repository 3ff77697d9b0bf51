// What a finished run announces: the counts per framework, the controls that newly failed since the
// previous run, and attestations about to expire. Neutral of any chat format (webhook-payload.ts).

import { type Catalog, type Profile, profileFrameworks } from '../../catalog/index.js';
import type { RunStatus } from '../../core/run-result.js';
import type { Status } from '../../core/status.js';
import type { RunStore } from '../../store/run-store.js';
import { expiringSoon, readRunAttestations } from '../run-attestations.js';

export interface NotifiedControl {
  frameworkId: string;
  controlId: string;
  title: string;
}

export interface RunNotification {
  profileId: string;
  profileName: string;
  organization: string;
  runId: string;
  status: RunStatus;
  error?: string;
  frameworks: { id: string; name: string; metRatio: number; counts: Record<Status, number> }[];
  /** The run the changes are counted from; absent for a profile's first run. */
  comparedWith?: string;
  newlyFailing: NotifiedControl[];
  /** Current attestations whose validity ends soon. */
  expiring: (NotifiedControl & { owner: string; expiresAt: string })[];
  /** Attestations still awaiting their owner. */
  awaiting: number;
  /** Where to look (the service's public URL), when configured. */
  url?: string;
}

export interface BuildNotificationInput {
  profile: Profile;
  catalog: Catalog;
  runId: string;
  status: RunStatus;
  error?: string;
  /** Final run folder (completed runs). */
  dir?: string;
  store: RunStore;
  now: Date;
  expiringWithinDays: number;
  publicUrl?: string;
}

/** Gather what a finished run announces. */
export async function buildRunNotification(input: BuildNotificationInput): Promise<RunNotification> {
  const { profile, store } = input;
  const titles = new Map<string, string>();
  for (const fw of profileFrameworks(profile, input.catalog)) {
    for (const c of fw.controls) titles.set(`${fw.id}\u0000${c.id}`, c.title);
  }
  const named = (frameworkId: string, controlId: string): NotifiedControl => ({
    frameworkId,
    controlId,
    title: titles.get(`${frameworkId}\u0000${controlId}`) ?? controlId,
  });
  const n: RunNotification = {
    profileId: profile.id,
    profileName: profile.name,
    organization: profile.organization.name,
    runId: input.runId,
    status: input.status,
    frameworks: [],
    newlyFailing: [],
    expiring: [],
    awaiting: 0,
    ...(input.error ? { error: input.error } : {}),
    ...(input.publicUrl ? { url: input.publicUrl } : {}),
  };
  if (input.status !== 'completed') return n;
  const record = await store.get(input.runId);
  n.frameworks = (record?.frameworks ?? []).map((f) => ({
    id: f.frameworkId,
    name: f.name,
    metRatio: f.metRatio,
    counts: f.counts,
  }));
  const previous = await store.previousCompleted(profile.id, input.runId);
  if (previous) {
    const diff = await store.diff(previous.runId, input.runId);
    n.comparedWith = previous.runId;
    n.newlyFailing = diff.newlyFailing.map((c) => named(c.frameworkId, c.controlId));
  }
  if (input.dir) {
    const attestations = await readRunAttestations(input.dir);
    n.awaiting = attestations.filter((a) => a.status === 'MANUAL').length;
    n.expiring = expiringSoon(attestations, input.now, input.expiringWithinDays).map((a) => ({
      ...named(a.frameworkId, a.controlId),
      owner: a.ownerContact ?? a.owner,
      expiresAt: a.expiresAt!,
    }));
  }
  return n;
}
