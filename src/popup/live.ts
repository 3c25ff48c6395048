import browser from 'webextension-polyfill';
import type { Status } from '../shared/messages';
import { LIVE_PORT } from '../shared/ports';
import { send } from '../shared/send';

/**
 * Keeps the popup's status current while it is open: one get-status at once, again (debounced)
 * after any storage change, and a "live" port that makes the worker poll followed sessions every
 * second. A worker restart drops the port; it is reopened and the status fetched again.
 */
export function followStatus(paint: (status: Status) => void, fail: (error: unknown) => void): Promise<void> {
  const tabId = currentTabId();
  let generation = 0;
  let debounce: ReturnType<typeof setTimeout> | undefined;

  const refresh = async () => {
    const mine = ++generation;
    try {
      const next = await send('get-status', { tabId: await tabId });
      if (mine === generation) paint(next); // an older answer never overwrites a newer one
    } catch (error) {
      fail(error);
    }
  };
  const refreshSoon = () => {
    clearTimeout(debounce);
    debounce = setTimeout(refresh, 50);
  };
  const stayLive = () => {
    const port = browser.runtime.connect({ name: LIVE_PORT });
    port.onDisconnect.addListener(() => {
      setTimeout(stayLive, 250);
      refreshSoon();
    });
  };

  browser.storage.onChanged.addListener(refreshSoon);
  // The status first: opening the port sets the worker polling, which would queue ahead of it.
  const first = refresh();
  void first.then(stayLive);
  return first;
}

/** The desktop tab the popup was opened over; a popup opened as a tab may name it as ?tabId=. */
async function currentTabId(): Promise<number | undefined> {
  const fromUrl = Number(new URL(location.href).searchParams.get('tabId'));
  if (Number.isInteger(fromUrl) && fromUrl > 0) return fromUrl;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}
