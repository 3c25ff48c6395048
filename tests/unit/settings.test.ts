import { fakeBrowser } from '@webext-core/fake-browser';
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/background/settings';
import {
  DEFAULT_DOM_RULE,
  DEFAULT_SETTINGS,
  describeIssues,
  missingFields,
  Settings,
} from '../../src/shared/settings';

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
      startBudgetMs: 30_000,
      requestTimeoutMs: 10_000,
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
    expect(Settings.safeParse({ desktopUrlPatterns: ['*://*.com/*'] }).success).toBe(false);
    expect(Settings.safeParse({ desktopUrlPatterns: ['https://*.co:443/*'] }).success).toBe(false);
    expect(Settings.safeParse({ desktopUrlPatterns: ['https://*.example.com/*'] }).success).toBe(true);
    expect(Settings.safeParse({ desktopUrlPatterns: ['http://127.0.0.1/desktop*'] }).success).toBe(true);
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
});
