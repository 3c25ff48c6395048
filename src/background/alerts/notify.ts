import browser from 'webextension-polyfill';
import { ConversationRecord } from '../../shared/records';
import { readChats } from '../sessions/chats';
import { getSettings } from '../settings';
import { type Alert, alertFor, alerts } from './alert';

type Changes = Record<string, browser.Storage.StorageChange>;

const ICON = 'icons/icon-128.png';

/**
 * Turns record writes (storage.local `conv:*`, old and new value as the browser reports them) into
 * system notifications for starts that failed and offers the customer declined. Driven by the
 * write itself, not by a copy of the previous state, so a worker that restarts never re-announces
 * an old failure. A notification that cannot be shown is logged: the badge and popup still say it.
 */
export async function notifyRecordChanges(changes: Changes): Promise<void> {
  const changed = Object.entries(changes)
    .filter(([key]) => key.startsWith('conv:'))
    .map(([, change]) => ({
      before: ConversationRecord.safeParse(change.oldValue).data,
      after: ConversationRecord.safeParse(change.newValue).data,
    }))
    // Most writes (starting, pending, active…) alert nobody: they cost no further read. The write
    // that holds a start's attempt lands while its POST is leaving.
    .filter(({ before, after }) => alerts(before, after));
  if (changed.length === 0) return;
  const { settings } = await getSettings();
  if (!settings.notifyFailures) return;
  const chats = await readChats();
  const shown: Alert[] = [];
  for (const { before, after } of changed) {
    const name = after && chats[after.conversationId]?.customerName;
    const alert = alertFor(before, after, name, (key, subs) => browser.i18n.getMessage(key, subs));
    if (alert) shown.push(alert);
  }
  await Promise.all(shown.map(show));
}

async function show(alert: Alert): Promise<void> {
  try {
    await browser.notifications.create(alert.id, {
      type: 'basic',
      iconUrl: browser.runtime.getURL(ICON),
      title: alert.title,
      message: alert.message,
    });
  } catch (error) {
    console.warn(`Could not show the notification "${alert.title}":`, error);
  }
}
