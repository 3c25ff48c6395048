import browser from 'webextension-polyfill';
import * as z from 'zod/mini';
import { SETTINGS_KEYS } from './settings-base';

const Loose = z.record(z.string(), z.unknown());

/** The agent's own settings as stored (storage.sync "settings"), unvalidated: the caller decides. */
export async function readUserSettings(): Promise<Record<string, unknown>> {
  const { settings } = await browser.storage.sync.get('settings');
  return Loose.safeParse(settings).data ?? {};
}

/** The admin's values (storage.managed), limited to settings keys; empty outside a managed browser. */
export async function readManagedSettings(): Promise<Record<string, unknown>> {
  try {
    const all = await browser.storage.managed.get(null);
    return Object.fromEntries(
      Object.entries(all).filter(([key]) => (SETTINGS_KEYS as string[]).includes(key)),
    );
  } catch {
    return {};
  }
}
