import type { Settings } from '../shared/settings-base';

const SCRIPT_ID = 'desktop-detector';
/** Built on its own by vite.config.ts (see the contentScript plugin there). */
const SCRIPT_FILE = 'content.js';

/**
 * Registers the detector on the desktop URL patterns from settings, so a change applies without a
 * reinstall. Patterns the extension holds no host permission for are left out (and the options page
 * asks for them); registration survives worker restarts, so it is refreshed only on change.
 */
export function syncContentScripts(settings: Settings): Promise<string[]> {
  // One at a time: install, a settings change and a permission grant arrive together, and two
  // overlapping runs would both find no script and both register it (Chrome refuses the second
  // with "Duplicate script ID"), leaving the detector on the older patterns.
  const run = queue.then(() => sync(settings));
  queue = run.catch(() => undefined);
  return run;
}
let queue: Promise<unknown> = Promise.resolve();

async function sync(settings: Settings): Promise<string[]> {
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

/**
 * Chrome does not put a registered content script into tabs that are already open, and after an
 * update or reload the old detector there can no longer reach the worker. So at install and update
 * the detector is injected into each open tab that shows a desktop page, top frame only as the
 * registration does. `tabs.query({ url })` needs no "tabs" permission for URLs the extension holds a
 * host permission for, and `granted` holds only those. content/index.ts keeps a page to one detector.
 */
export async function injectIntoOpenTabs(granted: string[]): Promise<number> {
  if (granted.length === 0) return 0;
  const tabs = await chrome.tabs.query({ url: granted });
  const results = await Promise.allSettled(
    tabs.map((tab) =>
      tab.id === undefined
        ? Promise.reject(new Error('a tab without an id'))
        : chrome.scripting.executeScript({ target: { tabId: tab.id }, files: [SCRIPT_FILE] }),
    ),
  );
  for (const result of results) {
    // A tab that closed or navigated away meanwhile: nothing to do there.
    if (result.status === 'rejected')
      console.warn('Could not add the detector to an open tab:', result.reason);
  }
  return results.filter((result) => result.status === 'fulfilled').length;
}
