// When the notification stream must act on its own: re-subscribe before the channel expires, and
// reopen a socket that went silent. Pure timing here, so the rules are unit-tested without sockets.
import { RENEW_BEFORE_MS } from './channel-store';

/**
 * When to re-subscribe: RENEW_BEFORE_MS before the channel expires ("to maintain a channel for
 * longer than 24 hours, resubscribe to topics", Genesys notifications docs), or halfway through
 * what is left for a channel that has less than that (a test's short-lived channel).
 */
export function renewDelayMs(expires: number, now: number): number {
  const left = expires - now;
  return Math.max(1_000, left - Math.min(RENEW_BEFORE_MS, left / 2));
}

/** A few pings per silence bound (the platform answers each with a pong), at most one per 20 s. */
export function pingIntervalMs(silenceMs: number): number {
  return Math.min(20_000, Math.floor(silenceMs / 4));
}

export interface SilenceWatch {
  /** Something arrived (open, heartbeat, pong, event): the socket is alive. */
  heard(): void;
  stop(): void;
}

/**
 * A half-open socket (the peer or a middlebox gone, no close ever coming) is told apart from a
 * quiet one by pinging: the platform sends a heartbeat every 30 s and answers each ping, so
 * `silenceMs` without anything means the socket is dead though it still reads as open.
 */
export function watchSilence(opts: {
  silenceMs: number;
  ping: () => void;
  onSilent: () => void;
}): SilenceWatch {
  let lastHeard = Date.now();
  const timer = setInterval(() => {
    if (Date.now() - lastHeard > opts.silenceMs) {
      clearInterval(timer);
      opts.onSilent();
      return;
    }
    opts.ping();
  }, pingIntervalMs(opts.silenceMs));
  return {
    heard: () => {
      lastHeard = Date.now();
    },
    stop: () => clearInterval(timer),
  };
}
