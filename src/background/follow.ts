import browser from 'webextension-polyfill';
import { LIVE_PORT } from '../shared/ports';
import { FOLLOWED_STATES } from '../shared/records';
import { refreshFollowed } from './sessions/lifecycle';
import { allRecords } from './sessions/records';

export const FOLLOW_ALARM = 'follow-sessions';
const FAST_POLL_MS = 1_000;

/** While a session is pending or active, an alarm keeps checking it even if the worker sleeps. */
export async function scheduleFollow(): Promise<void> {
  const anyFollowed = (await allRecords(FOLLOWED_STATES)).length > 0;
  const existing = await browser.alarms.get(FOLLOW_ALARM);
  if (anyFollowed && !existing) browser.alarms.create(FOLLOW_ALARM, { periodInMinutes: 0.5 });
  if (!anyFollowed && existing) await browser.alarms.clear(FOLLOW_ALARM);
}

/**
 * An open popup holds a port named "live"; while one is connected the worker polls every second,
 * so a customer's answer shows within a second. The timer dies with the port or the worker.
 */
export function followWhileConnected(port: browser.Runtime.Port): void {
  if (port.name !== LIVE_PORT || port.sender?.id !== browser.runtime.id) return;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await refreshFollowed();
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, FAST_POLL_MS);
  void tick();
  port.onDisconnect.addListener(() => clearInterval(timer));
}
