// Wiring only. Every listener is registered synchronously at top level so that Chrome can wake a
// stopped worker for any event; all state is read back from storage by the modules.
import browser from 'webextension-polyfill';
import { updateBadge } from './badge';
import { syncContentScripts } from './content-scripts';
import { FOLLOW_ALARM, followWhileConnected, scheduleFollow } from './follow';
import { handlers } from './handlers';
import { createRouter } from './router';
import { refreshFollowed, resumeAll } from './sessions/lifecycle';
import { allRecords } from './sessions/records';
import { getSettings, invalidateSettings } from './settings';

browser.runtime.onMessage.addListener(createRouter(handlers));
browser.runtime.onConnect.addListener(followWhileConnected);

browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === FOLLOW_ALARM) void refreshFollowed();
});

browser.storage.onChanged.addListener((changes, area) => {
  if ((area === 'sync' && 'settings' in changes) || area === 'managed') {
    invalidateSettings();
    void applySettings();
  }
  if (area === 'local' && Object.keys(changes).some((key) => key.startsWith('conv:')))
    void onRecordsChanged();
});

browser.permissions.onAdded.addListener(() => void applySettings());
browser.permissions.onRemoved.addListener(() => void applySettings());
browser.runtime.onInstalled.addListener(() => void applySettings());
browser.runtime.onStartup.addListener(() => void applySettings());

async function applySettings() {
  try {
    await syncContentScripts((await getSettings()).settings);
  } catch (error) {
    console.error('Could not register the desktop detector:', error);
  }
}

async function onRecordsChanged() {
  const records = await allRecords();
  await Promise.all([updateBadge(records), scheduleFollow()]);
}

// Every wake-up: finish starts a previous worker left half done (they are looked up before any new POST).
void resumeAll().catch((error: unknown) => console.error('Resuming interrupted starts failed:', error));
