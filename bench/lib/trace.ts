import type { Worker } from 'playwright-core';
import { summarize } from './stats';

export interface TraceEvent {
  label: string;
  start: number;
  end?: number;
}

/**
 * Wraps, inside the running worker, every chrome.storage call and fetch with a clock, and stamps
 * the arrival of each chat-accepted message, so one accept's path can be laid out step by step.
 * Diagnostic only: it changes nothing the extension sees and dies with the worker.
 */
export async function installTrace(worker: Worker): Promise<void> {
  // tsx compiles with keepNames, which wraps the named helpers below in a `__name` call.
  await worker.evaluate('globalThis.__name ??= (fn) => fn');
  await worker.evaluate(traceInWorker);
}

/**
 * The same trace as source text for a module the worker imports before its own code (explain
 * cold): a stopped worker cannot be reached by evaluate before it has already run.
 */
export function tracePrelude(): string {
  return `globalThis.__name ??= (fn) => fn;\n(${traceInWorker.toString()})();\n`;
}

function traceInWorker(): void {
  {
    const now = () => performance.timeOrigin + performance.now();
    const trace: { label: string; start: number; end?: number }[] = [];
    const scope = globalThis as unknown as { benchTrace: typeof trace };
    scope.benchTrace = trace;
    const keysOf = (arg: unknown) =>
      (typeof arg === 'string' ? [arg] : Array.isArray(arg) ? arg : arg ? Object.keys(arg) : ['*'])
        .map((key) => String(key).replace(/^conv:.*/, 'conv:<id>'))
        .join(',');
    for (const area of ['local', 'session', 'sync'] as const) {
      const target = chrome.storage[area] as unknown as Record<string, (...args: unknown[]) => unknown>;
      for (const method of ['get', 'set', 'remove']) {
        const real = (target[method] as (...args: unknown[]) => Promise<unknown>).bind(target);
        target[method] = (...args: unknown[]) => {
          const callback =
            typeof args.at(-1) === 'function' ? (args.pop() as (v?: unknown) => void) : undefined;
          const event: { label: string; start: number; end?: number } = {
            label: `storage.${area}.${method}(${keysOf(args[0])})`,
            start: now(),
          };
          trace.push(event);
          const answer = real(...args);
          void answer.then(
            () => {
              event.end = now();
            },
            () => undefined,
          );
          if (!callback) return answer;
          void answer.then(callback, () => callback());
          return undefined;
        };
      }
    }
    // The side work each record write triggers (index.ts: badge and follow alarm).
    const apis = chrome as unknown as Record<string, Record<string, (...args: unknown[]) => unknown>>;
    for (const [namespace, methods] of [
      ['action', ['setBadgeText', 'setBadgeBackgroundColor']],
      ['alarms', ['get', 'create', 'clear']],
    ] as const) {
      const target = apis[namespace] as Record<string, (...args: unknown[]) => unknown> | undefined;
      if (!target) continue; // the reference extension has no action
      for (const method of methods) {
        const real = (target[method] as (...args: unknown[]) => unknown).bind(target);
        target[method] = (...args: unknown[]) => {
          trace.push({ label: `${namespace}.${method}`, start: now() });
          return real(...args);
        };
      }
    }
    chrome.storage.onChanged.addListener((changes, area) => {
      trace.push({ label: `storage.onChanged(${area}: ${keysOf(changes)})`, start: now() });
    });
    const realFetch = globalThis.fetch.bind(globalThis);
    globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      const request = input instanceof Request ? input : new Request(input, init);
      trace.push({ label: `fetch ${request.method} ${new URL(request.url).pathname}`, start: now() });
      return realFetch(input, init);
    };
    chrome.runtime.onMessage.addListener((message: { type?: string }) => {
      if (message?.type === 'chat-accepted')
        trace.push({ label: 'message chat-accepted in worker', start: now() });
      return undefined;
    });
  }
}

export function takeTrace(worker: Worker): Promise<TraceEvent[]> {
  return worker.evaluate(() => {
    const scope = globalThis as unknown as { benchTrace: { label: string; start: number; end?: number }[] };
    return scope.benchTrace.splice(0);
  });
}

export type Steps = Map<string, { at: number[]; took: number[] }>;

/** Adds one run's events to `steps`, times from `stamp`; a label seen again in the run gets " #2"… */
export function addSteps(steps: Steps, events: readonly TraceEvent[], stamp: number): void {
  const seen = new Map<string, number>();
  for (const event of events) {
    const n = (seen.get(event.label) ?? 0) + 1;
    seen.set(event.label, n);
    const key = n > 1 ? `${event.label} #${n}` : event.label;
    const step = steps.get(key) ?? { at: [], took: [] };
    step.at.push(event.start - stamp);
    if (event.end !== undefined) step.took.push(event.end - event.start);
    steps.set(key, step);
  }
}

/** The steps as table rows in order of their median start: | step | starts at | takes | seen in |. */
export function stepRows(steps: Steps, runs: number): string[] {
  const rows = [...steps.entries()].sort((a, b) => summarize(a[1].at).p50 - summarize(b[1].at).p50);
  return [
    '| Step | Starts at | Takes | Seen in |',
    '| --- | --- | --- | --- |',
    ...rows.map(([label, step]) => {
      const took = step.took.length ? summarize(step.took).p50.toFixed(2) : '—';
      return `| ${label} | ${summarize(step.at).p50.toFixed(2)} | ${took} | ${step.at.length}/${runs} |`;
    }),
  ];
}
