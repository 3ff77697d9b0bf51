// A run notification as chat JSON: Slack (incoming webhook: `text` plus Block Kit `blocks`) or Microsoft
// Teams (incoming webhook / Workflows: a message carrying an Adaptive Card). Lists are capped so a bad
// night never makes a message the service refuses.

import type { WebhookTarget } from '../config/daemon-settings.js';
import type { NotifiedControl, RunNotification } from './run-notification.js';

/** Items listed per section; the rest is counted. */
export const LIST_LIMIT = 10;

/** The JSON body for the target's format. */
export function webhookPayload(n: RunNotification, format: WebhookTarget['format']): Record<string, unknown> {
  return format === 'teams' ? teamsPayload(n) : slackPayload(n);
}

/** One line that says what happened. */
export function headline(n: RunNotification): string {
  const what = `${n.profileName} (${n.organization}), run ${n.runId}`;
  if (n.status !== 'completed') return `Evidentia: ${what} ${n.status}${n.error ? `: ${n.error}` : ''}`;
  const failing = n.newlyFailing.length ? `, ${n.newlyFailing.length} control(s) newly failing` : '';
  return `Evidentia: ${what} completed${failing}`;
}

function percent(ratio: number): string {
  return `${Math.floor(ratio * 100 + 1e-9)}%`;
}

function frameworkLine(f: RunNotification['frameworks'][number]): string {
  const c = f.counts;
  return `${percent(f.metRatio)} met · ${c.FAIL} failing · ${c.ERROR} error · ${c.MANUAL} manual · ${c.NOT_EVALUATED} not evaluated`;
}

function controlLine(c: NotifiedControl): string {
  return `${c.frameworkId} ${c.controlId}: ${c.title}`;
}

function capped<T>(items: readonly T[], line: (t: T) => string): string[] {
  const lines = items.slice(0, LIST_LIMIT).map(line);
  if (items.length > LIST_LIMIT) lines.push(`and ${items.length - LIST_LIMIT} more`);
  return lines;
}

function expiringLine(e: RunNotification['expiring'][number]): string {
  return `${controlLine(e)} (owner ${e.owner}, expires ${e.expiresAt.slice(0, 10)})`;
}

/** Slack's mrkdwn needs &, < and > escaped. */
function slackText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function slackPayload(n: RunNotification): Record<string, unknown> {
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: headline(n).slice(0, 150) } },
  ];
  if (n.frameworks.length) {
    blocks.push({
      type: 'section',
      fields: n.frameworks.slice(0, LIST_LIMIT).map((f) => ({
        type: 'mrkdwn',
        text: slackText(`*${f.name}*\n${frameworkLine(f)}`),
      })),
    });
  }
  const list = (title: string, lines: string[]) => {
    if (!lines.length) return;
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: slackText(`*${title}*\n${lines.map((l) => `• ${l}`).join('\n')}`).slice(0, 3000),
      },
    });
  };
  list('Newly failing since the previous run', capped(n.newlyFailing, controlLine));
  list('Attestations about to expire', capped(n.expiring, expiringLine));
  const context = [
    n.comparedWith ? `Compared with run ${n.comparedWith}.` : 'First recorded run of this profile.',
    n.awaiting ? `${n.awaiting} attestation(s) awaiting their owners.` : '',
    n.url ? `<${n.url}|Open Evidentia>` : '',
  ].filter(Boolean);
  if (n.status === 'completed')
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: context.join(' ') }] });
  return { text: headline(n), blocks };
}

function teamsPayload(n: RunNotification): Record<string, unknown> {
  const body: Record<string, unknown>[] = [
    { type: 'TextBlock', text: headline(n), weight: 'Bolder', size: 'Medium', wrap: true },
  ];
  if (n.frameworks.length) {
    body.push({
      type: 'FactSet',
      facts: n.frameworks.map((f) => ({ title: f.name, value: frameworkLine(f) })),
    });
  }
  const list = (title: string, lines: string[]) => {
    if (!lines.length) return;
    body.push({ type: 'TextBlock', text: title, weight: 'Bolder', wrap: true, spacing: 'Medium' });
    body.push({ type: 'TextBlock', text: lines.map((l) => `- ${l}`).join('\n'), wrap: true });
  };
  list('Newly failing since the previous run', capped(n.newlyFailing, controlLine));
  list('Attestations about to expire', capped(n.expiring, expiringLine));
  if (n.status === 'completed') {
    body.push({
      type: 'TextBlock',
      isSubtle: true,
      wrap: true,
      text: [
        n.comparedWith ? `Compared with run ${n.comparedWith}.` : 'First recorded run of this profile.',
        n.awaiting ? `${n.awaiting} attestation(s) awaiting their owners.` : '',
      ]
        .filter(Boolean)
        .join(' '),
    });
  }
  const card: Record<string, unknown> = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    body,
  };
  if (n.url) card.actions = [{ type: 'Action.OpenUrl', title: 'Open Evidentia', url: n.url }];
  return {
    type: 'message',
    summary: headline(n),
    attachments: [
      { contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card },
    ],
  };
}
