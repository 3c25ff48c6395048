import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RENEW_BEFORE_MS } from '../../src/background/notifications/channel-store';
import { pingIntervalMs, renewDelayMs, watchSilence } from '../../src/background/notifications/liveness';

const DAY = 24 * 60 * 60 * 1000;

describe('renewing a channel before it expires', () => {
  it('a 24 h channel is re-subscribed 10 minutes before its end', () => {
    expect(renewDelayMs(1_000_000 + DAY, 1_000_000)).toBe(DAY - RENEW_BEFORE_MS);
  });
  it('a channel with less than twice that left is renewed halfway', () => {
    expect(renewDelayMs(10_000, 0)).toBe(5_000);
  });
  it('never a tight loop: an expired or nearly expired channel waits at least a second', () => {
    expect(renewDelayMs(500, 0)).toBe(1_000);
    expect(renewDelayMs(0, 5_000)).toBe(1_000);
  });
});

describe('a silent socket', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('pings four times per bound, at most every 20 s', () => {
    expect(pingIntervalMs(90_000)).toBe(20_000);
    expect(pingIntervalMs(2_000)).toBe(500);
  });

  it('is reported once after the bound without anything heard, and pinged until then', () => {
    const ping = vi.fn();
    const onSilent = vi.fn();
    watchSilence({ silenceMs: 90_000, ping, onSilent });
    vi.advanceTimersByTime(80_000);
    expect(ping).toHaveBeenCalledTimes(4);
    expect(onSilent).not.toHaveBeenCalled();
    vi.advanceTimersByTime(20_000);
    expect(onSilent).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(200_000);
    expect(onSilent).toHaveBeenCalledTimes(1);
  });

  it('a heartbeat or pong within the bound keeps it alive', () => {
    const onSilent = vi.fn();
    const watch = watchSilence({ silenceMs: 90_000, ping: () => undefined, onSilent });
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(30_000);
      watch.heard();
    }
    expect(onSilent).not.toHaveBeenCalled();
    watch.stop();
    vi.advanceTimersByTime(500_000);
    expect(onSilent).not.toHaveBeenCalled();
  });
});
