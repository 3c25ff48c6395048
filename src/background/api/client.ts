import ky, { isHTTPError, type KyInstance } from 'ky';

export interface ClientOptions {
  baseUrl: string;
  token?: string;
  /** Per attempt (settings.requestTimeoutMs); the body of a never-ending response is bounded by the same figure. */
  timeoutMs?: number;
}

/**
 * The one HTTP client: base URL, bearer token, timeout. Retries are off here and granted per call,
 * because only some calls are safe to repeat (never a POST whose fate is unknown).
 */
export function createClient({ baseUrl, token, timeoutMs = 10_000 }: ClientOptions): KyInstance {
  return ky.create({
    baseUrl: `${baseUrl}/`,
    timeout: timeoutMs,
    retry: 0,
    headers: { accept: 'application/json' },
    hooks: {
      beforeRequest: [
        ({ request }) => {
          if (token) request.headers.set('authorization', `Bearer ${token}`);
        },
      ],
    },
  });
}

/** Repeating a create: only answers that prove nothing was created, a few times, within 30 s. */
export const CREATE_RETRY = {
  limit: 3,
  statusCodes: [429, 503],
  maxRetryAfterMs: 10_000,
  backoffLimitMs: 5_000,
  totalMs: 30_000,
} as const;

/**
 * Sends a create POST (`send` gets the time left for it) and repeats it on 429 or 503, honouring
 * Retry-After (capped), else with jittered exponential backoff, as ky's own retry would. ky's retry
 * stays off for this one call because, to be able to repeat, ky clones the Request before sending,
 * and Chromium then streams the cloned body to the network: the POST reached the emulator 3.2 ms
 * later at the median (55 interleaved pairs, 7.6 vs 4.3 ms; bench/README.md). Network errors and
 * timeouts are never repeated here: the POST's fate is unknown, and the caller looks it up first.
 */
export async function postCreate<T>(send: (totalTimeout: number) => Promise<T>): Promise<T> {
  const deadline = Date.now() + CREATE_RETRY.totalMs;
  for (let retry = 0; ; retry++) {
    try {
      return await send(Math.max(1, deadline - Date.now()));
    } catch (error) {
      const status = isHTTPError(error) ? error.response.status : undefined;
      if (!provesNothingCreated(status) || retry >= CREATE_RETRY.limit) throw error;
      const retryAfter = isHTTPError(error) ? error.response.headers.get('retry-after') : null;
      const delay = retryDelay(retryAfter, retry);
      if (Date.now() + delay >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** Only an answer can prove it: no status (a network error, a timeout) leaves the POST's fate unknown. */
function provesNothingCreated(status: number | undefined): boolean {
  return status !== undefined && (CREATE_RETRY.statusCodes as readonly number[]).includes(status);
}

/** Retry-After in seconds or as an HTTP date (capped); otherwise 0.3 s × 2^retry with full jitter. */
export function retryDelay(retryAfter: string | null, retry: number, random = Math.random): number {
  if (retryAfter) {
    const seconds = Number(retryAfter);
    const after = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(retryAfter) - Date.now();
    if (Number.isFinite(after)) return Math.min(CREATE_RETRY.maxRetryAfterMs, Math.max(0, after));
  }
  return Math.min(CREATE_RETRY.backoffLimitMs, random() * 300 * 2 ** retry);
}
