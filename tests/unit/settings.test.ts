import { fakeBrowser } from '@webext-core/fake-browser';
import { describe, expect, it, onTestFinished } from 'vitest';
import { syncContentScripts } from '../../src/background/content-scripts';
import { loadSettings } from '../../src/background/settings';
import {
  DEFAULT_DOM_RULE,
  DEFAULT_SETTINGS,
  describeIssues,
  missingFields,
  Settings,
} from '../../src/shared/settings';
import { Settings as WorkerSettings } from '../../src/shared/settings-base';
import { grantedOrigins } from './setup';

const valid = {
  authBaseUrl: 'https://login.example.com/',
  apiBaseUrl: 'https://api.example.com',
  clientId: 'abc',
  desktopUrlPatterns: ['https://desk.example.com/*'],
};

describe('Settings schema', () => {
  it('fills the documented defaults', () => {
    expect(DEFAULT_SETTINGS).toEqual({
      platform: 'sessions-api',
      scopes: ['cobrowse:write'],
      desktopUrlPatterns: [],
      autoStart: true,
      notifyFailures: true,
      cobrowseVoice: false,
      startBudgetMs: 30_000,
      requestTimeoutMs: 10_000,
      streamSilenceMs: 90_000,
      staleStartMinutes: 15,
      detection: { pageEvent: true, domRules: [DEFAULT_DOM_RULE] },
    });
    expect(missingFields(DEFAULT_SETTINGS)).toEqual([
      'authBaseUrl',
      'apiBaseUrl',
      'clientId',
      'desktopUrlPatterns',
    ]);
  });

  it('accepts https anywhere and http only on loopback, trimming trailing slashes', () => {
    expect(Settings.parse(valid).authBaseUrl).toBe('https://login.example.com');
    expect(Settings.parse({ apiBaseUrl: 'http://127.0.0.1:8080' }).apiBaseUrl).toBe('http://127.0.0.1:8080');
    expect(Settings.parse({ apiBaseUrl: 'http://localhost:1' }).apiBaseUrl).toBe('http://localhost:1');
    const refused = Settings.safeParse({ apiBaseUrl: 'http://api.example.com' });
    expect(refused.success).toBe(false);
    if (!refused.error) throw new Error('expected the URL to be refused');
    expect(describeIssues(refused.error)).toEqual([
      'apiBaseUrl: must use https (http is allowed only on 127.0.0.1, localhost or [::1])',
    ]);
  });

  it('refuses a wildcard over a whole top-level domain but allows one over a registrable name', () => {
    // The worker's schema too: a single label needs no Public Suffix List.
    for (const schema of [Settings, WorkerSettings]) {
      expect(schema.safeParse({ desktopUrlPatterns: ['*://*.com/*'] }).success).toBe(false);
      expect(schema.safeParse({ desktopUrlPatterns: ['https://*.co:443/*'] }).success).toBe(false);
      expect(schema.safeParse({ desktopUrlPatterns: ['https://*.example.com/*'] }).success).toBe(true);
      expect(schema.safeParse({ desktopUrlPatterns: ['http://127.0.0.1/desktop*'] }).success).toBe(true);
    }
  });

  it('refuses a wildcard over any public suffix of the Public Suffix List, ICANN or private (issue 11 item 10)', () => {
    for (const pattern of [
      'https://*.github.io/*',
      'https://*.co.uk/*',
      '*://*.blogspot.com/*',
      'https://*.com.au:443/*',
      'https://*.s3.amazonaws.com/*',
    ]) {
      const result = Settings.safeParse({ desktopUrlPatterns: [pattern] });
      expect(result.success, pattern).toBe(false);
      if (result.error)
        expect(describeIssues(result.error)[0]).toMatch(/^desktopUrlPatterns\.0: .*public suffix/);
    }
    for (const pattern of [
      'https://*.example.co.uk/*',
      'https://*.desk.github.io/*',
      'https://desk.example.com.au/*',
      'https://github.io/*', // one host, not a wildcard: matches only itself
    ])
      expect(Settings.safeParse({ desktopUrlPatterns: [pattern] }).success, pattern).toBe(true);
  });

  it('refuses base URLs carrying a user name or password, without repeating them', () => {
    for (const url of [
      'https://zelda:s3cr3t@api.example.com',
      'https://zelda@api.example.com',
      'http://zelda:s3cr3t@127.0.0.1:9',
    ]) {
      const result = Settings.safeParse({ apiBaseUrl: url, authBaseUrl: url });
      expect(result.success, url).toBe(false);
      if (!result.error) continue;
      const lines = describeIssues(result.error);
      expect(lines).toContain('apiBaseUrl: must not contain a user name or password');
      expect(lines).toContain('authBaseUrl: must not contain a user name or password');
      expect(JSON.stringify(result.error.issues)).not.toMatch(/zelda|s3cr3t/);
    }
  });

  it('names every invalid field', () => {
    const result = Settings.safeParse({
      platform: 'other',
      desktopUrlPatterns: ['<all_urls>'],
      detection: { domRules: [{ selector: '', conversationIdAttribute: 'bad attr' }] },
    });
    if (!result.error) throw new Error('expected the settings to be refused');
    const lines = describeIssues(result.error);
    expect(lines.some((l) => l.startsWith('platform:'))).toBe(true);
    expect(lines.some((l) => l.startsWith('desktopUrlPatterns.0:'))).toBe(true);
    expect(lines.some((l) => l.startsWith('detection.domRules.0.selector:'))).toBe(true);
    expect(lines.some((l) => l.startsWith('detection.domRules.0.conversationIdAttribute:'))).toBe(true);
  });
});

describe('loadSettings', () => {
  it('lays managed values over the user’s and reports which keys the admin set', async () => {
    await fakeBrowser.storage.sync.set({ settings: { ...valid, clientId: 'user-client', autoStart: false } });
    await fakeBrowser.storage.managed.set({ clientId: 'fleet-client', unrelated: 1 });
    const loaded = await loadSettings();
    expect(loaded.settings.clientId).toBe('fleet-client');
    expect(loaded.settings.autoStart).toBe(false);
    expect(loaded.managedKeys).toEqual(['clientId']);
    expect(loaded.problems).toEqual([]);
  });

  it('keeps running on the last valid settings when new ones are invalid, and says why', async () => {
    await fakeBrowser.storage.sync.set({ settings: valid });
    await loadSettings();
    await fakeBrowser.storage.sync.set({ settings: { ...valid, apiBaseUrl: 'ftp://nope' } });
    const loaded = await loadSettings();
    expect(loaded.settings.apiBaseUrl).toBe('https://api.example.com');
    expect(loaded.problems).toHaveLength(1);
    expect(loaded.problems[0]).toMatch(/^apiBaseUrl: /);
  });

  it('an invalid managed value is refused the same way', async () => {
    await fakeBrowser.storage.managed.set({ autoStart: 'yes' });
    const loaded = await loadSettings();
    expect(loaded.settings.autoStart).toBe(true);
    expect(loaded.problems[0]).toMatch(/^autoStart: /);
  });

  // Issue 15: the worker does not carry the Public Suffix List (tldts is twice its size budget). What
  // keeps the detector off every site under a public suffix is then the host permission: the worker
  // registers it only where one is held, and the extension asks for one only in the options page's
  // Save, which refuses such a wildcard (tests/unit/ui/options.test.ts, "Save … asks for nothing").
  it('a public-suffix wildcard from policy reaches the worker, but the detector is not registered there', async () => {
    const registered: string[][] = [];
    const scripting = {
      getRegisteredContentScripts: async () => [],
      registerContentScripts: async (scripts: { matches: string[] }[]) => {
        registered.push(...scripts.map((script) => script.matches));
      },
      updateContentScripts: async () => undefined,
      unregisterContentScripts: async () => undefined,
    };
    const chrome = (globalThis as unknown as { chrome: { scripting?: unknown } }).chrome;
    const before = chrome.scripting;
    chrome.scripting = scripting;
    onTestFinished(() => {
      chrome.scripting = before;
    });
    grantedOrigins.add('https://desk.example.com/*');
    await fakeBrowser.storage.sync.set({ settings: valid });
    await fakeBrowser.storage.managed.set({
      desktopUrlPatterns: ['https://*.github.io/*', 'https://desk.example.com/*'],
    });
    const loaded = await loadSettings();
    expect(loaded.problems).toEqual([]);
    expect(await syncContentScripts(loaded.settings)).toEqual(['https://desk.example.com/*']);
    expect(registered).toEqual([['https://desk.example.com/*']]);
    // The schema the options page validates with names it.
    const checked = Settings.safeParse(loaded.settings);
    expect(checked.error && describeIssues(checked.error)).toEqual([
      'desktopUrlPatterns.0: must not wildcard a public suffix (use *.example.co.uk, not *.co.uk or *.github.io)',
    ]);
  });
});
