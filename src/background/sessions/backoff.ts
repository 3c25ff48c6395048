import { isHTTPError } from 'ky';
import browser from 'webextension-polyfill';
import type { Cause } from '../../shared/causes';
import { describeHttpError, toStartError } from '../api/errors';

/**
 * Waits between tries after a transient failure: about 0.5, 1, 2, 4, 8 s (then 8 s), each ±20 %
 * so that agents who failed together do not all retry at the same instant. A Retry-After from the
 * platform replaces the computed wait (no jitter: the server chose the time). Everything stays
 * inside the start budget (setting startBudgetMs): a wait that would end after it gives up now.
 */
export const BACKOFF_MS = [500, 1_000, 2_000, 4_000, 8_000] as const;

export function backoffMs(retry: number, random: () => number = Math.random): number {
  const base = BACKOFF_MS[Math.min(retry, BACKOFF_MS.length - 1)] ?? 8_000;
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** Statuses worth trying again (RFC 9110 §15.6.3–5, RFC 6585 §4); 500 and 4xx say something is wrong. */
const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

export interface TransientFailure {
  cause: Cause;
  /** The platform's Retry-After, in ms, when it sent a usable one. */
  retryAfterMs?: number;
  /** 429: the platform refused before doing anything, so nothing was created. */
  nothingCreated: boolean;
}

/** What a failure means for a retry, or undefined when trying again cannot help. */
export function transientFailure(error: unknown): TransientFailure | undefined {
  if (isHTTPError(error)) {
    const status = error.response.status;
    if (!TRANSIENT_STATUSES.has(status)) return undefined;
    const failure = describeHttpError(error);
    const retryAfterMs = parseRetryAfter(failure.retryAfter);
    const wait = retryAfterMs === undefined ? '' : `; Retry-After ${Math.ceil(retryAfterMs / 1000)} s`;
    const code = status === 429 ? 'rate-limited' : 'server-error';
    return {
      cause: { code, detail: `HTTP ${status}${failure.code ? ` ${failure.code}` : ''}${wait}`, retryAfterMs },
      retryAfterMs,
      nothingCreated: status === 429,
    };
  }
  const cause = toStartError(error).reason;
  if (cause.code === 'network' || cause.code === 'timeout') return { cause, nothingCreated: false };
  return undefined;
}

/** Retry-After as delay-seconds or an HTTP-date (RFC 9110 §10.2.3); undefined when unusable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function sleepUntil(when: number): Promise<void> {
  const ms = when - Date.now();
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

export const RETRY_ALARM = 'start-retry';

/**
 * A worker that dies while waiting (Chrome stops an idle one after 30 s) is woken at the retry time
 * by this alarm, and resumeAll() carries on. Chrome may fire it late (packed extensions: alarms at
 * most every 30 s) but never early; resumeAll also runs at every other wake-up.
 */
export async function scheduleRetryAlarm(retryAt: number): Promise<void> {
  const existing = await browser.alarms.get(RETRY_ALARM);
  if (existing && existing.scheduledTime <= retryAt) return;
  await browser.alarms.create(RETRY_ALARM, { when: retryAt });
}
