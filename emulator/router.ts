// A tiny route table. Patterns are paths whose `:name` segments capture one segment and whose
// `*` segments match one segment; the same matcher selects the routes faults apply to.
import type { IncomingMessage } from 'node:http';
import type { Reply } from './http';

export interface RequestContext {
  req: IncomingMessage;
  url: URL;
  params: Record<string, string>;
  /** Records a parsed body on this request's log entry. */
  logBody(value: unknown): void;
}

export type Handler = (ctx: RequestContext) => Reply | Promise<Reply>;

export interface Route {
  method: string;
  pattern: string;
  handler: Handler;
}

export type PathMatcher = (path: string) => Record<string, string> | null;

export function compilePattern(pattern: string): PathMatcher {
  const wanted = pattern.split('/');
  return (path) => {
    const actual = path.split('/');
    if (actual.length !== wanted.length) return null;
    const params: Record<string, string> = {};
    for (const [i, segment] of wanted.entries()) {
      const value = actual[i] ?? '';
      if (segment === '*') continue;
      if (segment.startsWith(':')) {
        const decoded = safeDecode(value);
        if (decoded === null || decoded === '') return null;
        params[segment.slice(1)] = decoded;
      } else if (segment !== value) return null;
    }
    return params;
  };
}

function safeDecode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

export type RouteMatch =
  | { kind: 'found'; handler: Handler; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allow: string[] }
  | { kind: 'not-found' };

export function createRouter(routes: Route[]): (method: string, path: string) => RouteMatch {
  const compiled = routes.map((route) => ({ ...route, match: compilePattern(route.pattern) }));
  return (method, path) => {
    const allow: string[] = [];
    for (const route of compiled) {
      const params = route.match(path);
      if (!params) continue;
      if (route.method === method) return { kind: 'found', handler: route.handler, params };
      allow.push(route.method);
    }
    return allow.length > 0 ? { kind: 'method-not-allowed', allow } : { kind: 'not-found' };
  };
}
