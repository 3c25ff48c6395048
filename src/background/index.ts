// Wiring only. Every listener is registered synchronously at top level so that Chrome can wake a
// stopped worker for any event; all state is read back from storage by the modules.
import browser from 'webextension-polyfill';
import { notifyRecordChanges } from './alerts/notify';
import { forgetHostPermissions } from './auth/host-permission';
import { forgetChangedAuth } from './auth/memos';
import { dropTokenIfUnbound } from './auth/sign-in';
import { updateBadge } from './badge';
import { injectIntoOpenTabs, syncContentScripts } from './content-scripts';
import { FOLLOW_ALARM, followWhileConnected, scheduleFollow } from './follow';
import { handlers } from './handlers';
import { acceptDesktopPort } from './keep-awake';
import { ensureStream, forgetStream, streamWanted } from './notifications/stream';
import { createRouter } from './router';
import { RETRY_ALARM } from './sessions/backoff';
import { refreshFollowed, resumeAll } from './sessions/lifecycle';
import { allRecords } from './sessions/records';
import { getSettings, invalidateSettings } from './settings';
import { prewarm } from './wake';

browser.runtime.onMessage.addListener(createRouter(handlers));
browser.runtime.onConnect.addListener(followWhileConnected);
browser.runtime.onConnect.addListener((port) => acceptDesktopPort(port, browser.runtime.id));

const STREAM_ALARM = 'notification-stream';

browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === FOLLOW_ALARM) void refreshFollowed();
  // A start that was waiting to retry when the worker died: resumeAll waits out its retryAt, then tries.
  if (alarm.name === RETRY_ALARM)
    void resumeAll().catch((error: unknown) => console.error('Resuming a waiting start failed:', error));
  if (alarm.name === STREAM_ALARM) void startStream();
});

browser.storage.onChanged.addListener((changes, area) => {
  if ((area === 'sync' && 'settings' in changes) || area === 'managed') {
    invalidateSettings();
    void applySettings();
  }
  forgetChangedAuth(changes, area);
  if (area === 'local' && Object.keys(changes).some((key) => key.startsWith('conv:'))) {
    scheduleRecordsChanged();
    void notifyRecordChanges(changes).catch((error: unknown) => console.warn('Notifications:', error));
  }
});

browser.permissions.onAdded.addListener(() => void applySettings());
browser.permissions.onRemoved.addListener(() => {
  forgetHostPermissions();
  void applySettings();
});
browser.runtime.onInstalled.addListener(({ reason }) => {
  // Desktop tabs open through an install or update have no (working) detector: give them one.
  void applySettings({ injectOpenTabs: reason === 'install' || reason === 'update' });
});
browser.runtime.onStartup.addListener(() => void applySettings());

async function applySettings({ injectOpenTabs = false } = {}) {
  try {
    const granted = await syncContentScripts((await getSettings()).settings);
    if (injectOpenTabs) await injectIntoOpenTabs(granted);
  } catch (error) {
    console.error('Could not register the desktop detector:', error);
  }
  try {
    // A changed sign-in or API URL unbinds the agent: the token goes before any request can use it
    // (ensureAuth refuses an unbound agent anyway), and so does the socket of the old host.
    if (await dropTokenIfUnbound()) await forgetStream();
  } catch (error) {
    console.error('Could not check the sign-in against the new settings:', error);
  }
  await startStream();
}

/** The notification stream reconnects by itself; the alarm revives it after the worker slept. */
async function startStream() {
  try {
    const wanted = await streamWanted();
    const alarm = await browser.alarms.get(STREAM_ALARM);
    if (wanted && !alarm) browser.alarms.create(STREAM_ALARM, { periodInMinutes: 1 });
    if (!wanted && alarm) await browser.alarms.clear(STREAM_ALARM);
    await ensureStream();
  } catch (error) {
    console.warn('The notification stream could not start; the alarm will retry:', error);
  }
}

// Badge and follow alarm catch up once per burst of record writes, not on each: every write on the
// accept-to-POST path would otherwise queue badge and alarm calls in front of the POST.
let recordsTimer: ReturnType<typeof setTimeout> | undefined;
function scheduleRecordsChanged() {
  if (recordsTimer !== undefined) return;
  recordsTimer = setTimeout(() => {
    recordsTimer = undefined;
    void onRecordsChanged();
  }, 50);
}

async function onRecordsChanged() {
  const records = await allRecords();
  await Promise.all([updateBadge(records), scheduleFollow()]);
}

// Every wake-up: what an accept needs before its POST is read now (wake.ts).
prewarm();

// Every wake-up: finish starts a previous worker left half done (they are looked up before any new
// POST), and reconnect the notification stream where the platform has one.
void resumeAll().catch((error: unknown) => console.error('Resuming interrupted starts failed:', error));
void startStream();
