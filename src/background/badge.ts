import browser from 'webextension-polyfill';
import type { ConversationRecord } from '../shared/records';

/** Count of active sessions, or "!" while a failure is the newest thing the agent should see. */
export async function updateBadge(records: ConversationRecord[]): Promise<void> {
  const newest = records[0];
  const active = records.filter((r) => r.state === 'active').length;
  const failed = newest?.state === 'failed' || newest?.state === 'needs-sign-in';
  const text = failed ? '!' : active > 0 ? String(active) : '';
  await browser.action.setBadgeText({ text });
  await browser.action.setBadgeBackgroundColor({ color: failed ? '#b42318' : '#0f766e' });
}
