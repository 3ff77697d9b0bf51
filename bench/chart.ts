// The scale benchmark as a picture: time per stage and peak memory against accounts (medians, with the range
// of the repeats as a bar), as one self-contained SVG for docs/benchmarks.md.

import { spread } from './report.js';
import type { ScenarioResult } from './scenario.js';

const W = 720;
const H = 300;
const PAD = { left: 56, right: 16, top: 36, bottom: 44 };
const PANEL = (W - 24) / 2;
const COLOURS = { collection: '#1f4e79', render: '#c55a11', bundle: '#548235', memory: '#7030a0' };

interface Series {
  name: string;
  colour: string;
  points: { x: number; median: number; min: number; max: number }[];
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A "nice" upper end for an axis (1, 2 or 5 × a power of ten). */
function niceMax(v: number): number {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  return ([1, 2, 5, 10].find((m) => m * p >= v) ?? 10) * p;
}

function panel(x0: number, title: string, unit: string, series: Series[], xs: number[]): string {
  const w = PANEL - PAD.left - PAD.right;
  const h = H - PAD.top - PAD.bottom;
  const yMax = niceMax(Math.max(...series.flatMap((s) => s.points.map((p) => p.max))));
  // Accounts grow by factors of ten or so: a logarithmic x axis keeps the small sizes readable.
  const lx = (v: number) => Math.log10(v);
  const [xa, xb] = [lx(Math.min(...xs)), lx(Math.max(...xs))];
  const px = (v: number) => x0 + PAD.left + (xb === xa ? w / 2 : ((lx(v) - xa) / (xb - xa)) * w);
  const py = (v: number) => PAD.top + h - (v / yMax) * h;
  const out: string[] = [
    `<text x="${x0 + PAD.left}" y="20" font-size="13" font-weight="600">${esc(title)}</text>`,
  ];
  for (let i = 0; i <= 4; i++) {
    const v = (yMax * i) / 4;
    out.push(
      `<line x1="${x0 + PAD.left}" x2="${x0 + PAD.left + w}" y1="${py(v)}" y2="${py(v)}" stroke="#e0e0e0"/>`,
      `<text x="${x0 + PAD.left - 6}" y="${py(v) + 4}" font-size="10" text-anchor="end">${Number(v.toPrecision(3))}</text>`,
    );
  }
  for (const v of xs) {
    out.push(
      `<text x="${px(v)}" y="${PAD.top + h + 16}" font-size="10" text-anchor="middle">${v.toLocaleString('en')}</text>`,
    );
  }
  out.push(
    `<text x="${x0 + PAD.left + w / 2}" y="${H - 8}" font-size="11" text-anchor="middle">accounts (4 regions, 4 frameworks)</text>`,
    `<text x="${x0 + 14}" y="${PAD.top + h / 2}" font-size="11" text-anchor="middle" transform="rotate(-90 ${x0 + 14} ${PAD.top + h / 2})">${esc(unit)}</text>`,
  );
  series.forEach((s, i) => {
    const pts = s.points.filter((p) => Number.isFinite(p.median));
    out.push(
      `<polyline fill="none" stroke="${s.colour}" stroke-width="2" points="${pts.map((p) => `${px(p.x).toFixed(1)},${py(p.median).toFixed(1)}`).join(' ')}"/>`,
    );
    for (const p of pts) {
      out.push(
        `<line x1="${px(p.x)}" x2="${px(p.x)}" y1="${py(p.min)}" y2="${py(p.max)}" stroke="${s.colour}" stroke-width="1"/>`,
        `<circle cx="${px(p.x)}" cy="${py(p.median)}" r="3" fill="${s.colour}"/>`,
      );
    }
    out.push(
      `<rect x="${x0 + PAD.left + 8}" y="${PAD.top + 6 + i * 15}" width="10" height="3" fill="${s.colour}"/>`,
      `<text x="${x0 + PAD.left + 22}" y="${PAD.top + 10 + i * 15}" font-size="10">${esc(s.name)}</text>`,
    );
  });
  return out.join('\n');
}

/** The chart for the scale runs: one list of repeats per organisation size. */
export function scaleChart(sizes: readonly (readonly ScenarioResult[])[]): string {
  const xs = sizes.map((runs) => runs[0]?.scenario.world.accounts ?? 0);
  const stage = (name: string, colour: string, pick: (r: ScenarioResult) => number): Series => ({
    name,
    colour,
    points: sizes.map((runs, i) => {
      const done = runs.filter((r) => r.report.status === 'completed');
      const sp = spread(done.map((r) => pick(r) / 1000));
      return { x: xs[i] as number, median: sp.median, min: sp.min, max: sp.max };
    }),
  });
  const memory: Series = {
    name: 'peak memory (VmHWM), median and range',
    colour: COLOURS.memory,
    points: sizes.map((runs, i) => {
      const sp = spread(runs.map((r) => r.report.peakRssMb));
      return { x: xs[i] as number, median: sp.median, min: sp.min, max: sp.max };
    }),
  };
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="Helvetica, Arial, sans-serif" fill="#222">`,
    '<title>Evidentia scale benchmark: time per stage and peak memory against accounts</title>',
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    panel(
      0,
      'Time per stage (median, range of repeats)',
      'seconds',
      [
        stage('collection', COLOURS.collection, (r) => r.report.collectMs),
        stage('render', COLOURS.render, (r) => r.report.renderMs),
        stage('bundle', COLOURS.bundle, (r) => r.report.bundleMs),
      ],
      xs,
    ),
    panel(PANEL + 24, 'Peak memory of the whole run', 'MiB', [memory], xs),
    '</svg>',
    '',
  ].join('\n');
}
