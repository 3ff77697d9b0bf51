// The operations of a REST protocol (restJson1, restXml), found from method + URI as the model's
// `smithy.api#http` traits declare them: one route table for both protocols.

import type { OperationInfo, SmithyModel } from '../model/smithy-model.js';
import type { EmulatorRequest } from './wire.js';

export interface Route {
  op: OperationInfo;
  method: string;
  /** Literal text or a label (`{name}`, `{name+}` greedy). */
  segments: ({ literal: string } | { label: string; greedy: boolean })[];
  /** Literal query parameters the URI requires (`?x-id=GetObject`). */
  query: [string, string][];
}

/** Every HTTP-bound operation of a model, most specific first. */
export class HttpRoutes {
  private readonly routes: Route[] = [];

  constructor(model: SmithyModel) {
    for (const op of model.operations.values()) {
      if (op.http) this.routes.push(compileRoute(op));
    }
    // Most literal segments first, so `/assessments/list` wins over `/assessments/{id}`.
    this.routes.sort((a, b) => literalCount(b) - literalCount(a));
  }

  /** The route a request takes, with its decoded labels; undefined when none matches. */
  match(req: EmulatorRequest): { route: Route; labels: Record<string, string> } | undefined {
    const parts = req.path.split('/').slice(1);
    const query = new URLSearchParams(req.query);
    for (const route of this.routes) {
      if (route.method !== req.method.toUpperCase()) continue;
      if (!route.query.every(([k, v]) => query.get(k) === v)) continue;
      const labels = matchSegments(route, parts);
      if (labels) return { route, labels };
    }
    return undefined;
  }
}

function compileRoute(op: OperationInfo): Route {
  const http = op.http as NonNullable<OperationInfo['http']>;
  const [path = '', rawQuery = ''] = http.uri.split('?');
  const segments = path
    .split('/')
    .slice(1)
    .map((seg) => {
      const m = /^\{(\w+)(\+?)\}$/.exec(seg);
      return m ? { label: m[1] as string, greedy: m[2] === '+' } : { literal: seg };
    });
  const query = [...new URLSearchParams(rawQuery).entries()];
  return { op, method: http.method.toUpperCase(), segments, query };
}

function literalCount(r: Route): number {
  return r.segments.filter((s) => 'literal' in s).length * 100 + r.query.length * 10 + r.segments.length;
}

function matchSegments(route: Route, parts: string[]): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  let i = 0;
  for (const seg of route.segments) {
    if ('literal' in seg) {
      if (parts[i] === undefined || safeDecode(parts[i] as string) !== seg.literal) return undefined;
      i++;
    } else if (seg.greedy) {
      const rest = parts.slice(i);
      if (rest.length === 0 || rest.join('/') === '') return undefined;
      labels[seg.label] = rest.map(safeDecode).join('/');
      i = parts.length;
    } else {
      if (parts[i] === undefined || parts[i] === '') return undefined;
      labels[seg.label] = safeDecode(parts[i] as string);
      i++;
    }
  }
  const leftover = parts.slice(i).filter((p) => p !== '');
  return leftover.length === 0 ? labels : undefined;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
