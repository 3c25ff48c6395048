import { HTTPError, NetworkError } from 'ky';
import { describe, expect, it, vi } from 'vitest';
import { CREATE_RETRY, postCreate, retryDelay } from '../../src/background/api/client';

const refused = (status: number, headers: Record<string, string> = {}) =>
  new HTTPError(new Response('{}', { status, headers }), new Request('http://127.0.0.1/api'), {} as never);

describe('repeating a create POST (postCreate)', () => {
  it('repeats 429 and 503 up to three times, then gives the last answer', async () => {
    vi.useFakeTimers();
    try {
      const send = vi.fn(async () => {
        throw refused(503);
      });
      const done = postCreate(send).catch((error: unknown) => error);
      await vi.runAllTimersAsync();
      expect(await done).toBeInstanceOf(HTTPError);
      expect(send).toHaveBeenCalledTimes(1 + CREATE_RETRY.limit);
    } finally {
      vi.useRealTimers();
    }
  });

  it('never repeats a network error, a timeout or any other status: the fate is unknown or final', async () => {
    for (const error of [new NetworkError(new Request('http://127.0.0.1/api')), refused(400), refused(500)]) {
      const send = vi.fn(async () => {
        throw error;
      });
      await expect(postCreate(send)).rejects.toBe(error);
      expect(send).toHaveBeenCalledTimes(1);
    }
  });

  it('returns the first success, and hands each try the time left of the 30 s budget', async () => {
    let calls = 0;
    const budgets: number[] = [];
    const result = await postCreate(async (left) => {
      budgets.push(left);
      if (++calls === 1) throw refused(429, { 'retry-after': '0' });
      return 'created';
    });
    expect(result).toBe('created');
    expect(budgets[0]).toBeLessThanOrEqual(CREATE_RETRY.totalMs);
    expect(budgets[1]).toBeLessThanOrEqual(budgets[0] as number);
  });

  it('waits as Retry-After says (seconds or a date), capped at 10 s; otherwise jittered backoff up to 5 s', () => {
    expect(retryDelay('2', 0)).toBe(2_000);
    expect(retryDelay('3600', 0)).toBe(CREATE_RETRY.maxRetryAfterMs);
    const inFour = new Date(Date.now() + 4_000).toUTCString();
    expect(retryDelay(inFour, 0)).toBeGreaterThan(2_500);
    expect(retryDelay(inFour, 0)).toBeLessThanOrEqual(4_000);
    expect(retryDelay(null, 0, () => 1)).toBe(300);
    expect(retryDelay(null, 2, () => 1)).toBe(1_200);
    expect(retryDelay(null, 9, () => 1)).toBe(CREATE_RETRY.backoffLimitMs);
    expect(retryDelay('soon', 1, () => 0.5)).toBe(300);
  });
});
