import { originPattern } from '../shared/match-pattern';
import type { Settings } from '../shared/settings';

/** Hosts the manifest grants outright (http) or lets us ask for (https://*\/*): nothing else can be asked. */
const LOOPBACK = new Set(['127.0.0.1', 'localhost']);

export interface PermissionPlan {
  /** Match patterns to pass to chrome.permissions.request (already granted ones cost no prompt). */
  origins: string[];
  /** Slot → pattern Chrome cannot grant this extension at all. */
  refused: { slot: string; pattern: string }[];
}

/**
 * Which host permissions the settings need: each desktop pattern (for the detector) and the auth
 * and API origins (for the requests). Pure, so it is unit-tested; the request itself must happen
 * in the Save click, before any await, or Chrome refuses it for lack of a user gesture.
 */
export function planPermissions(settings: Settings): PermissionPlan {
  const origins = new Set<string>();
  const refused: PermissionPlan['refused'] = [];
  for (const pattern of settings.desktopUrlPatterns) {
    if (requestable(pattern)) origins.add(pattern);
    else refused.push({ slot: 'desktopUrlPatterns', pattern });
  }
  for (const slot of ['authBaseUrl', 'apiBaseUrl'] as const) {
    const url = settings[slot];
    if (!url) continue;
    const pattern = originPattern(url);
    if (requestable(pattern)) origins.add(pattern);
    else refused.push({ slot, pattern });
  }
  return { origins: [...origins], refused };
}

export function requestable(pattern: string): boolean {
  const match = /^(\*|https?):\/\/([^/]+?)(:\d+|:\*)?\//.exec(pattern);
  if (!match) return false;
  const [, scheme, host = ''] = match;
  // "*" means http and https: http only on loopback (https is optional everywhere).
  return scheme === 'https' || LOOPBACK.has(host);
}
