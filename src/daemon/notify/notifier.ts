// Sends a notification for each finished run in the background, so a slow or failing webhook never holds
// up a run; on shutdown, pending deliveries get a short while to finish.

import type { Catalog } from '../../catalog/index.js';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { RunStore } from '../../store/run-store.js';
import type { WebhookTarget } from '../config/daemon-settings.js';
import type { SettledRun } from '../run-manager.js';
import { buildRunNotification } from './run-notification.js';
import { type SendWebhookOptions, sendWebhook, type WebhookResult } from './send-webhook.js';
import { webhookPayload } from './webhook-payload.js';

export interface NotifierDeps {
  catalog: Catalog;
  store: RunStore;
  clock: Clock;
  logger: Logger;
  /** Used for profiles without their own `notify.webhook`. */
  defaultWebhook?: WebhookTarget;
  expiringWithinDays: number;
  publicUrl?: string;
  send?: SendWebhookOptions;
  /** Called with each delivery's result (metrics). */
  onResult?: (result: WebhookResult) => void;
}

export class Notifier {
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly deps: NotifierDeps) {}

  /** Announce a finished run, in the background. Aborted runs (a shutdown) are not announced. */
  notify(settled: SettledRun): void {
    const target = settled.profile.notify?.webhook ?? this.deps.defaultWebhook;
    if (!target || settled.outcome.status === 'aborted') return;
    const p = this.deliver(settled, target).finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  /** Wait for pending deliveries, at most `ms`. */
  async flush(ms: number): Promise<void> {
    if (!this.pending.size) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all([...this.pending]),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, ms);
      }),
    ]);
    clearTimeout(timer);
  }

  private async deliver(settled: SettledRun, target: WebhookTarget): Promise<void> {
    const { deps } = this;
    const { outcome, profile } = settled;
    try {
      const notification = await buildRunNotification({
        profile,
        catalog: deps.catalog,
        runId: outcome.runId,
        status: outcome.status,
        ...(outcome.error ? { error: outcome.error.message } : {}),
        ...(outcome.status === 'completed' ? { dir: outcome.dir } : {}),
        store: deps.store,
        now: deps.clock.now(),
        expiringWithinDays: deps.expiringWithinDays,
        ...(deps.publicUrl ? { publicUrl: deps.publicUrl } : {}),
      });
      const result = await sendWebhook(target.url, webhookPayload(notification, target.format), deps.send);
      deps.onResult?.(result);
      const log = {
        runId: outcome.runId,
        attempts: result.attempts,
        status: result.status,
        format: target.format,
      };
      if (result.ok) deps.logger.info(log, 'notification sent');
      else deps.logger.warn({ ...log, err: result.error }, 'notification not delivered');
    } catch (err) {
      deps.logger.error(
        { runId: outcome.runId, err: err instanceof Error ? err.message : String(err) },
        'notification failed',
      );
    }
  }
}
