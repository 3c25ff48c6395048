import { describe, expect, it, onTestFinished } from 'vitest';
import { syncContentScripts } from '../../src/background/content-scripts';
import { DEFAULT_SETTINGS } from '../../src/shared/settings-base';
import { grantedOrigins } from './setup';

type Script = { id: string; matches: string[] };

/** chrome.scripting as Chrome behaves: registrations by id, a second register of an id refused. */
function fakeScripting() {
  const scripts = new Map<string, Script>();
  const tick = () => new Promise((resolve) => setTimeout(resolve, 1));
  const api = {
    getRegisteredContentScripts: async ({ ids }: { ids: string[] }) => {
      await tick();
      return ids.flatMap((id) => (scripts.has(id) ? [scripts.get(id)] : []));
    },
    registerContentScripts: async (list: Script[]) => {
      await tick();
      for (const script of list) {
        if (scripts.has(script.id)) throw new Error(`Duplicate script ID '${script.id}'`);
        scripts.set(script.id, script);
      }
    },
    updateContentScripts: async (list: Script[]) => {
      await tick();
      for (const script of list) scripts.set(script.id, script);
    },
    unregisterContentScripts: async ({ ids }: { ids: string[] }) => {
      for (const id of ids) scripts.delete(id);
    },
  };
  const chrome = (globalThis as unknown as { chrome: { scripting?: unknown } }).chrome;
  const before = chrome.scripting;
  chrome.scripting = api;
  onTestFinished(() => {
    chrome.scripting = before;
  });
  return scripts;
}

describe('registering the desktop detector', () => {
  it('overlapping runs (install, a settings change, a grant at once) end registered on the newest patterns', async () => {
    const scripts = fakeScripting();
    grantedOrigins.add('https://desk.example.com/*');
    grantedOrigins.add('https://desk2.example.com/*');
    const first = { ...DEFAULT_SETTINGS, desktopUrlPatterns: ['https://desk.example.com/*'] };
    const second = { ...DEFAULT_SETTINGS, desktopUrlPatterns: ['https://desk2.example.com/*'] };
    const results = await Promise.allSettled([syncContentScripts(first), syncContentScripts(second)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    expect([...scripts.values()].map((s) => s.matches)).toEqual([['https://desk2.example.com/*']]);
  });

  it('a run that fails does not stop the next one', async () => {
    const scripts = fakeScripting();
    grantedOrigins.add('https://desk.example.com/*');
    const settings = { ...DEFAULT_SETTINGS, desktopUrlPatterns: ['https://desk.example.com/*'] };
    const chrome = (globalThis as unknown as { chrome: { scripting: { registerContentScripts: unknown } } })
      .chrome;
    const register = chrome.scripting.registerContentScripts;
    chrome.scripting.registerContentScripts = async () => {
      throw new Error('the browser refused');
    };
    await expect(syncContentScripts(settings)).rejects.toThrow('the browser refused');
    chrome.scripting.registerContentScripts = register;
    expect(await syncContentScripts(settings)).toEqual(['https://desk.example.com/*']);
    expect([...scripts.keys()]).toEqual(['desktop-detector']);
  });
});
