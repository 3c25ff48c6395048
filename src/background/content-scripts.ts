import type { Settings } from '../shared/settings';

const SCRIPT_ID = 'desktop-detector';
/** Built on its own by vite.config.ts (see the contentScript plugin there). */
const SCRIPT_FILE = 'content.js';

/**
 * Registers the detector on the desktop URL patterns from settings, so a change applies without a
 * reinstall. Patterns the extension holds no host permission for are left out (and the options page
 * asks for them); registration survives worker restarts, so it is refreshed only on change.
 */
export async function syncContentScripts(settings: Settings): Promise<string[]> {
  const granted: string[] = [];
  for (const pattern of settings.desktopUrlPatterns) {
    if (await chrome.permissions.contains({ origins: [pattern] })) granted.push(pattern);
  }
  const existing = await chrome.scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID] });
  if (granted.length === 0) {
    if (existing.length > 0) await chrome.scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
    return granted;
  }
  const script: chrome.scripting.RegisteredContentScript = {
    id: SCRIPT_ID,
    js: [SCRIPT_FILE],
    matches: granted,
    allFrames: false,
    runAt: 'document_start',
    persistAcrossSessions: true,
  };
  if (existing.length > 0) await chrome.scripting.updateContentScripts([script]);
  else await chrome.scripting.registerContentScripts([script]);
  return granted;
}
