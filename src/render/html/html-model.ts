// What the HTML templates read: the view model plus chart geometry (in percent and SVG units) merged into
// the lists they belong to, so templates stay logic-free and every value they print is escaped.

import { SEVERITY_STYLE, STATUS_STYLE } from '../status-style.js';
import type {
  ControlGroupView,
  ControlRowView,
  EvidenceCheckView,
  FailingControlView,
  FailingQueryView,
  FrameworkControlsView,
  FrameworkSummary,
  ReportView,
  ResponsibilityBucket,
  ResponsibilityView,
  StatusCount,
  SupportedControlView,
  SupportingEvidenceView,
  TopFailingControl,
  TrendPoint,
} from '../view-types.js';

export interface BarSegment {
  x: string;
  width: string;
  /** Centre of the segment, for its label. */
  mid: string;
  color: string;
  ink: string;
  count: number;
  label: string;
  showCount: boolean;
}

/** A control row of the page: the view's row plus the filter attributes and each check's chip ink. */
export type HtmlControlRow = ControlRowView & {
  /** `111111111111:FAIL 222222222222:PASS`: the worst status of the control's findings per account. */
  accountStatusAttr: string;
  regionsAttr: string;
  checks: (EvidenceCheckView & { ink: string; supporting: boolean })[];
};

/** A declared-not-applicable control with every field present (the templates run in strict mode). */
export interface HtmlNotApplicable {
  frameworkId: string;
  frameworkName: string;
  controlId: string;
  ref: string;
  title: string;
  anchor: string;
  /** Who excluded it: the profile's declaration, or the entity the profile says it is. */
  basis: string;
  justification: string;
  approver: string | null;
  date: string | null;
}

export interface HtmlModel {
  view: ReportView;
  frameworks: (Omit<FrameworkControlsView, 'groups'> & {
    groups: (Omit<ControlGroupView, 'controls'> & { controls: HtmlControlRow[] })[];
  })[];
  colors: { met: string; fail: string; manual: string; error: string };
  overallBar: BarSegment[];
  frameworkBars: { summary: FrameworkSummary; segments: BarSegment[] }[];
  responsibility: (Omit<ResponsibilityView, 'buckets'> & {
    buckets: (ResponsibilityBucket & { segments: BarSegment[] })[];
  })[];
  topFailing: (TopFailingControl & { barWidth: string; barColor: string; severityLabel: string })[];
  failing: (Omit<FailingControlView, 'queries'> & {
    severityLabel: string;
    severityColor: string;
    accountsAttr: string;
    queries: (FailingQueryView & { docsHref: string | null; id: string })[];
  })[];
  trends: {
    id: string;
    name: string;
    delta: string | null;
    last: TrendPoint | null;
    polyline: string;
    dots: { cx: string; cy: string; current: boolean; title: string }[];
  }[];
  notApplicable: HtmlNotApplicable[];
  /** The supporting queries of each control, each with its chip ink. */
  supporting: (Omit<SupportedControlView, 'supporting'> & {
    supporting: (SupportingEvidenceView & { ink: string })[];
  })[];
  statusOptions: { value: string; label: string }[];
  statusInk: Record<string, string>;
  cspPlaceholder: string;
}

/** Replaced after rendering by the hash of the page's one inline script. */
export const CSP_SCRIPT_HASH_PLACEHOLDER = '__EVIDENTIA_SCRIPT_SHA256__';

/** Stacked-bar segments in percent of the bar's width. */
export function barSegments(counts: readonly StatusCount[]): BarSegment[] {
  const total = counts.reduce((s, c) => s + c.count, 0);
  if (total === 0) return [];
  let at = 0;
  const out: BarSegment[] = [];
  for (const c of counts) {
    if (c.count === 0) continue;
    const w = (c.count / total) * 100;
    out.push({
      x: `${round(at)}%`,
      width: `${round(w)}%`,
      mid: `${round(at + w / 2)}%`,
      color: c.color,
      ink: STATUS_STYLE[c.status].ink,
      count: c.count,
      label: c.label,
      showCount: w >= 4,
    });
    at += w;
  }
  return out;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** Only plain https links are ever printed as links. */
function safeHttps(url: string | null): string | null {
  return url && /^https:\/\/[^\s"'<>`]+$/.test(url) ? url : null;
}

function trendGeometry(points: readonly TrendPoint[]) {
  const w = 300;
  const h = 80;
  const step = points.length > 1 ? w / (points.length - 1) : 0;
  const xy = points.map((p, i) => ({ x: points.length > 1 ? i * step : w / 2, y: h - p.metRatio * h, p }));
  return {
    polyline: xy.map((d) => `${round(d.x)},${round(d.y)}`).join(' '),
    dots: xy.map((d) => ({
      cx: String(round(d.x)),
      cy: String(round(d.y)),
      current: d.p.current,
      title: `${d.p.finishedAt.text}: ${d.p.metPercent} met (${d.p.runId})`,
    })),
  };
}

/** Build the template context. */
export function htmlModel(view: ReportView): HtmlModel {
  // Bars are scaled to the accounts in scope: a full bar means every account fails.
  const max = Math.max(1, view.cover.scope.accounts, ...view.summary.topFailing.items.map((t) => t.accounts));
  const unrated = { label: 'Unrated', color: '#9AA5B1' };
  const scopes = new Map(view.filters.controls.map((c) => [c.anchor, c]));
  const failingIn = (anchor: string) =>
    (scopes.get(anchor)?.accountStatus ?? []).filter((a) => a.status === 'FAIL').map((a) => a.accountId);
  return {
    view,
    frameworks: view.frameworks.map((fw) => ({
      ...fw,
      groups: fw.groups.map((g) => ({
        ...g,
        controls: g.controls.map((c) => {
          const sc = scopes.get(c.anchor);
          return {
            ...c,
            accountStatusAttr: (sc?.accountStatus ?? []).map((a) => `${a.accountId}:${a.status}`).join(' '),
            regionsAttr: (sc?.regions ?? []).join(' '),
            checks: c.checks.map((k) => ({
              ...k,
              ink: k.status ? STATUS_STYLE[k.status].ink : '#FFFFFF',
              supporting: k.role === 'supporting',
            })),
          };
        }),
      })),
    })),
    colors: {
      met: STATUS_STYLE.PASS.color,
      fail: STATUS_STYLE.FAIL.color,
      manual: STATUS_STYLE.MANUAL.color,
      error: STATUS_STYLE.ERROR.color,
    },
    overallBar: barSegments(view.summary.totals.counts),
    frameworkBars: view.summary.frameworks.map((summary) => ({
      summary,
      segments: barSegments(summary.counts),
    })),
    responsibility: view.responsibility.map((r) => ({
      ...r,
      buckets: r.buckets.map((b) => ({ ...b, segments: barSegments(b.counts) })),
    })),
    topFailing: view.summary.topFailing.items.map((t) => {
      const sev = t.severity ? SEVERITY_STYLE[t.severity] : unrated;
      return {
        ...t,
        barWidth: `${round(Math.max(2, (t.accounts / max) * 100))}%`,
        barColor: sev.color,
        severityLabel: sev.label,
      };
    }),
    failing: view.failing.items.map((f) => {
      const sev = f.severity ? SEVERITY_STYLE[f.severity] : unrated;
      return {
        ...f,
        severityLabel: sev.label,
        severityColor: sev.color,
        // The accounts (of those the filter lists) where the control has a failing finding.
        accountsAttr: failingIn(f.anchor).join(' '),
        queries: f.queries.map((q) => ({
          ...q,
          docsHref: safeHttps(q.docs),
          id: q.queryKey.slice(q.queryKey.indexOf(':') + 1),
        })),
      };
    }),
    trends: (view.history?.frameworks ?? []).map((f) => ({
      id: f.id,
      name: f.name,
      delta: f.delta,
      last: f.points[f.points.length - 1] ?? null,
      ...trendGeometry(f.points),
    })),
    notApplicable: view.notApplicable.map((n) => ({
      frameworkId: n.frameworkId,
      frameworkName: n.frameworkName,
      controlId: n.controlId,
      ref: n.ref,
      title: n.title,
      anchor: n.anchor,
      basis:
        n.applicability.source === 'profile'
          ? 'Declared in the profile'
          : `Outside the entity${n.applicability.entity ? ` (${n.applicability.entity})` : ''}`,
      justification: n.applicability.justification,
      approver: n.applicability.approver ?? null,
      date: n.applicability.date ?? null,
    })),
    supporting: view.supporting.items.map((c) => ({
      ...c,
      supporting: c.supporting.map((q) => ({ ...q, ink: STATUS_STYLE[q.status].ink })),
    })),
    statusOptions: view.legend.map((l) => ({ value: l.status, label: l.label })),
    statusInk: Object.fromEntries(Object.entries(STATUS_STYLE).map(([k, v]) => [k, v.ink])),
    cspPlaceholder: CSP_SCRIPT_HASH_PLACEHOLDER,
  };
}
