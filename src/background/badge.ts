import browser from 'webextension-polyfill';
import type { ConversationRecord } from '../shared/records';

/**
 * Badge colours, text on fill (WCAG contrast, tests/unit/ui/contrast.test.ts): white on red 6.57:1,
 * white on teal 5.47:1, both above the 4.5:1 text needs. The text colour is set, not left to the
 * browser, which may pick black for a light fill.
 */
export const BADGE = {
  failed: { fill: '#b42318', text: '#ffffff' },
  active: { fill: '#0f766e', text: '#ffffff' },
} as const;

/** Count of active sessions, or "!" while a failure is the newest thing the agent should see. */
export async function updateBadge(records: ConversationRecord[]): Promise<void> {
  const newest = records[0];
  const active = records.filter((r) => r.state === 'active').length;
  const failed = newest?.state === 'failed' || newest?.state === 'needs-sign-in';
  const text = failed ? '!' : active > 0 ? String(active) : '';
  const colours = failed ? BADGE.failed : BADGE.active;
  await browser.action.setBadgeText({ text });
  await browser.action.setBadgeBackgroundColor({ color: colours.fill });
  await browser.action.setBadgeTextColor?.({ color: colours.text });
}
