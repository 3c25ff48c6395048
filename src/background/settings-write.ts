import browser from 'webextension-polyfill';
import { z } from 'zod';
import { RefusedError } from './router';
import { getSettings } from './settings';

/** The popup's switch writes one field of the user's settings, unless the admin has locked it. */
export async function setAutoStart(enabled: boolean): Promise<void> {
  const { managedKeys } = await getSettings();
  if (managedKeys.includes('autoStart'))
    throw new RefusedError('managed', 'Auto-start is set by your administrator.');
  const { settings } = await browser.storage.sync.get('settings');
  const current = z.record(z.string(), z.unknown()).safeParse(settings).data ?? {};
  await browser.storage.sync.set({ settings: { ...current, autoStart: enabled } });
}
