import browser from 'webextension-polyfill';
import { readUserSettings } from '../shared/settings-storage';
import { RefusedError } from './router';
import { getSettings } from './settings';

/** The popup's switch writes one field of the user's settings, unless the admin has locked it. */
export async function setAutoStart(enabled: boolean): Promise<void> {
  const { managedKeys } = await getSettings();
  if (managedKeys.includes('autoStart'))
    throw new RefusedError('managed', 'Auto-start is set by your administrator.');
  await browser.storage.sync.set({ settings: { ...(await readUserSettings()), autoStart: enabled } });
}
