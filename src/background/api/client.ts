import ky, { type KyInstance, type RetryOptions } from 'ky';

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

/**
 * Creating a session is never retried by the HTTP client: whatever the failure, the runner
 * (sessions/start.ts) decides, and before any new POST it looks the last attempt up, because a 502,
 * 504, timeout or lost connection says nothing about whether the platform created the session.
 */
export const CREATE_NO_RETRY: RetryOptions = { limit: 0 };

/**
 * Reads (lookups, follow polls, DELETE) are safe to repeat: ky retries quick blips twice with
 * jittered backoff. A longer Retry-After is not waited out here (a 429 is not retried at all): the
 * runner then waits, within the start budget, with the wait on the record for the popup.
 */
export const READ_RETRY: RetryOptions = {
  limit: 2,
  statusCodes: [408, 500, 502, 503, 504],
  afterStatusCodes: [503],
  maxRetryAfter: 2_000,
  backoffLimit: 2_000,
  jitter: true,
};
