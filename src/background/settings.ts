import browser from 'webextension-polyfill';
import { z } from 'zod';
import { DEFAULT_SETTINGS, describeIssues, missingFields, SETTINGS_KEYS, Settings } from '../shared/settings';
import { defineItem } from '../shared/storage';

export interface EffectiveSettings {
  settings: Settings;
  /** Why the stored or managed settings were refused; empty when they are valid. */
  problems: string[];
  missing: string[];
  managedKeys: string[];
}

const lastValid = defineItem('local', 'lastValidSettings', Settings.nullable(), null);

/**
 * The user's settings (storage.sync "settings") with the admin's (storage.managed) laid over them.
 * Invalid input never replaces working settings: the last valid ones stay in force and the
 * problems are reported, each naming its field.
 */
export async function loadSettings(): Promise<EffectiveSettings> {
  const [user, managed] = await Promise.all([readUserSettings(), readManaged()]);
  const merged = { ...user, ...managed };
  const parsed = Settings.safeParse(merged);
  if (parsed.success) {
    await lastValid.set(parsed.data);
    return {
      settings: parsed.data,
      problems: [],
      missing: missingFields(parsed.data),
      managedKeys: Object.keys(managed),
    };
  }
  const fallback = (await lastValid.get()) ?? DEFAULT_SETTINGS;
  return {
    settings: fallback,
    problems: describeIssues(parsed.error),
    missing: missingFields(fallback),
    managedKeys: Object.keys(managed),
  };
}

async function readUserSettings(): Promise<Record<string, unknown>> {
  const { settings } = await browser.storage.sync.get('settings');
  return z.record(z.string(), z.unknown()).safeParse(settings).data ?? {};
}

/** Only the keys the schema knows; managed storage is absent outside policy-managed browsers. */
async function readManaged(): Promise<Record<string, unknown>> {
  try {
    const all = await browser.storage.managed.get(null);
    return Object.fromEntries(
      Object.entries(all).filter(([key]) => (SETTINGS_KEYS as string[]).includes(key)),
    );
  } catch {
    return {};
  }
}

// A cache, not state: it is rebuilt from storage after a restart and dropped whenever the
// sync or managed area changes (see index.ts), so the accept-to-POST path skips two reads.
let cached: Promise<EffectiveSettings> | undefined;

export function getSettings(): Promise<EffectiveSettings> {
  cached ??= loadSettings().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

export function invalidateSettings(): void {
  cached = undefined;
}
