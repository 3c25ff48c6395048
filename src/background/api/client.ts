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

/** Retry policy for creating a session: only answers that prove nothing was created. */
export const CREATE_RETRY: RetryOptions = {
  limit: 3,
  methods: ['post'],
  statusCodes: [429, 503],
  afterStatusCodes: [429, 503],
  maxRetryAfter: 10_000,
  backoffLimit: 5_000,
  jitter: true,
  // Network errors and timeouts leave the POST's fate unknown: the caller looks it up first.
  shouldRetry: ({ error }: { error: unknown }) =>
    error instanceof Error && error.name === 'HTTPError' ? undefined : false,
};
