import * as z from 'zod/mini';
import { DEFAULT_SETTINGS, describeIssues, missingFields, Settings } from '../shared/settings-base';
import { readManagedSettings, readUserSettings } from '../shared/settings-storage';
import { defineItem } from '../shared/storage';

export interface EffectiveSettings {
  settings: Settings;
  /** Why the stored or managed settings were refused; empty when they are valid. */
  problems: string[];
  missing: string[];
  managedKeys: string[];
}

const lastValid = defineItem('local', 'lastValidSettings', z.nullable(Settings), null);

/**
 * The user's settings (storage.sync "settings") with the admin's (storage.managed) laid over them.
 * Invalid input never replaces working settings: the last valid ones stay in force and the
 * problems are reported, each naming its field.
 */
export async function loadSettings(): Promise<EffectiveSettings> {
  const [user, managed, previous] = await Promise.all([
    readUserSettings(),
    readManagedSettings(),
    lastValid.get(),
  ]);
  const parsed = Settings.safeParse({ ...user, ...managed });
  if (parsed.success) {
    // Written only when it changed: this runs on every worker wake-up.
    if (JSON.stringify(previous) !== JSON.stringify(parsed.data)) await lastValid.set(parsed.data);
    return {
      settings: parsed.data,
      problems: [],
      missing: missingFields(parsed.data),
      managedKeys: Object.keys(managed),
    };
  }
  const fallback = previous ?? DEFAULT_SETTINGS;
  return {
    settings: fallback,
    problems: describeIssues(parsed.error),
    missing: missingFields(fallback),
    managedKeys: Object.keys(managed),
  };
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
