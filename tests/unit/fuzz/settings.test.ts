import { fakeBrowser } from '@webext-core/fake-browser';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadSettings } from '../../../src/background/settings';
import { DEFAULT_SETTINGS, describeIssues, SETTINGS_KEYS, Settings } from '../../../src/shared/settings';
import { Settings as WorkerSettings } from '../../../src/shared/settings-base';
import { PROPERTY_TIMEOUT_MS } from './budget';

// Settings come from storage.sync (anything an extension page or a synced profile wrote) and from
// storage.managed (an admin's policy). Whatever is there, parsing must not throw, anything accepted
// must keep the security invariants, and anything refused must leave the last valid settings in force.

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

const hostileUrl = fc.oneof(
  fc.webUrl({
    validSchemes: ['http', 'https', 'ftp', 'file', 'ws'],
    withQueryParameters: true,
    withFragments: true,
  }),
  fc.constantFrom(
    'https://api.example.com/',
    'http://127.0.0.1:8080',
    'http://localhost:1/',
    'http://[::1]:9/',
    'http://127.0.0.1.evil.example',
    'http://localhost@evil.example',
    'http://evil.example#@127.0.0.1',
    'http://evil.example\\@127.0.0.1',
    'HTTP://LOCALHOST:1',
    'http://0x7f000001/',
    'http://127.1/',
    'http://[::ffff:127.0.0.1]/',
    'javascript:alert(1)',
    'data:text/html,x',
    '//evil.example',
    ' https://a.example',
    'https://',
    'chrome-extension://abc/',
  ),
  fc.string(),
);
const hostilePattern = fc.oneof(
  fc.constantFrom(
    'https://desk.example.com/*',
    'http://127.0.0.1/desktop*',
    '*://desk.example.com/*',
    'https://*.example.com/*',
    'http://[::1]/*',
    '<all_urls>',
    '*://*/*',
    'https://*/*',
    'http://*/desktop',
    'file:///*',
    'https://desk.example.com',
    'https://desk.example.com:*/*',
    'ftp://desk.example.com/*',
    'https://*desk.example.com/*',
    'https://desk.example.com/*\n<all_urls>',
    // Public suffixes under a wildcard: only the options page's schema has the list (issue 15).
    'https://*.co.uk/*',
    'https://*.github.io/*',
    '*://*.com/*',
    'https://*.example.co.uk/*',
  ),
  fc.webUrl().map((u) => `${u}/*`),
  fc.string(),
);
const anyValue = fc.oneof(fc.anything(), fc.constant(undefined));
const field = <T>(good: fc.Arbitrary<T>) => fc.oneof(good, anyValue);

/** Settings objects with each field sometimes plausible, sometimes hostile, sometimes absent. */
const settingsInput = fc.record(
  {
    platform: field(fc.constantFrom('sessions-api', 'genesys-cloud', 'other', '__proto__')),
    authBaseUrl: field(hostileUrl),
    apiBaseUrl: field(hostileUrl),
    clientId: field(fc.string({ maxLength: 250 })),
    scopes: field(
      fc.array(fc.oneof(fc.constantFrom('cobrowse:write', 'a b', 'x"y', ''), fc.string()), { maxLength: 5 }),
    ),
    desktopUrlPatterns: field(fc.array(hostilePattern, { maxLength: 5 })),
    autoStart: field(fc.boolean()),
    detection: field(
      fc.record(
        {
          pageEvent: field(fc.boolean()),
          domRules: field(
            fc.array(
              fc.record({ selector: field(fc.string()), conversationIdAttribute: field(fc.string()) }),
              {
                maxLength: 25,
              },
            ),
          ),
        },
        { requiredKeys: [] },
      ),
    ),
  },
  { requiredKeys: [] },
);

/** What must hold for any settings the extension runs on. */
function expectSafe(settings: Settings) {
  for (const url of [settings.authBaseUrl, settings.apiBaseUrl]) {
    if (url === undefined) continue;
    const parsed = new URL(url);
    expect(
      parsed.protocol === 'https:' || (parsed.protocol === 'http:' && LOOPBACK.has(parsed.hostname)),
    ).toBe(true);
    expect(url.endsWith('/')).toBe(false);
  }
  for (const pattern of settings.desktopUrlPatterns) {
    const match = /^(\*|https?):\/\/([^/]+)\//.exec(pattern);
    expect(match, pattern).not.toBeNull();
    const host = (match?.[2] ?? '').replace(/:(\d+|\*)$/, '');
    expect(host === '*' || host === '').toBe(false);
    expect(pattern).not.toMatch(/\s/);
  }
  for (const scope of settings.scopes) expect(scope).toMatch(/^[\x21\x23-\x5B\x5D-\x7E]+$/);
  expect(settings.detection.domRules.length).toBeLessThanOrEqual(20);
  if (settings.clientId !== undefined) expect(settings.clientId.trim()).toBe(settings.clientId);
}

describe('Settings schema under hostile input', { timeout: PROPERTY_TIMEOUT_MS }, () => {
  it('never throws, and whatever it accepts keeps the invariants', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof(settingsInput, fc.record({ apiBaseUrl: hostileUrl }), fc.anything()), (input) => {
        const parsed = Settings.safeParse(input);
        if (!parsed.success) {
          for (const issue of parsed.error.issues) expect(issue.message.length).toBeGreaterThan(0);
          return;
        }
        accepted += 1;
        expectSafe(parsed.data);
      }),
      { numRuns: 4_000 },
    );
    expect(accepted).toBeGreaterThan(100); // the generator really reaches accepted settings
  });
});

// Issue 15: the worker parses with settings-base.ts (no Public Suffix List), pages with settings.ts.
// They must differ only there: whatever a page accepts the worker runs on unchanged, and whatever
// the worker accepts and a page refuses is refused for a public-suffix wildcard alone.
const onlyPatterns = fc.record({ desktopUrlPatterns: fc.array(hostilePattern, { maxLength: 5 }) });

describe('the worker’s schema and the pages’', { timeout: PROPERTY_TIMEOUT_MS }, () => {
  it('differ only in the public-suffix check', () => {
    let differed = 0;
    fc.assert(
      fc.property(fc.oneof(settingsInput, onlyPatterns, fc.anything()), (input) => {
        const page = Settings.safeParse(input);
        const worker = WorkerSettings.safeParse(input);
        if (page.success) {
          expect(worker.data).toEqual(page.data);
          return;
        }
        if (!worker.success) return;
        differed += 1;
        for (const line of describeIssues(page.error))
          expect(line).toMatch(/^desktopUrlPatterns\.\d+: must not wildcard a public suffix/);
      }),
      { numRuns: 2_000 },
    );
    expect(differed).toBeGreaterThan(0); // the generator reaches the difference
  });
});

describe('loadSettings with anything in sync and managed storage', { timeout: PROPERTY_TIMEOUT_MS }, () => {
  const valid = {
    authBaseUrl: 'https://login.example.com',
    apiBaseUrl: 'https://api.example.com',
    clientId: 'abc',
    desktopUrlPatterns: ['https://desk.example.com/*'],
  };

  beforeEach(async () => {
    await fakeBrowser.storage.sync.set({ settings: valid });
    await loadSettings(); // stores these as the last valid settings
  });

  it('keeps the last valid settings and names each problem when the input is refused', async () => {
    const lastValid = Settings.parse(valid);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(settingsInput, anyValue),
        fc.oneof(fc.constant({}), settingsInput, fc.dictionary(fc.string(), fc.anything())),
        async (sync, managed) => {
          await fakeBrowser.storage.sync.set({ settings: sync });
          await fakeBrowser.storage.managed.clear();
          await fakeBrowser.storage.managed.set(JSON.parse(JSON.stringify(managed ?? {})));
          const before = (await fakeBrowser.storage.local.get('lastValidSettings')).lastValidSettings;
          const result = await loadSettings();
          // What the worker guarantees; the public-suffix check is the options page's (issue 15).
          expect(WorkerSettings.safeParse(result.settings).success).toBe(true);
          expectSafe(result.settings);
          for (const key of result.managedKeys) expect(SETTINGS_KEYS).toContain(key);
          const after = (await fakeBrowser.storage.local.get('lastValidSettings')).lastValidSettings;
          if (result.problems.length > 0) {
            for (const problem of result.problems) expect(problem).toMatch(/^[\w.]+: \S/);
            expect(result.settings).toEqual(before ?? DEFAULT_SETTINGS);
            expect(after).toEqual(before); // refused input is never stored
          } else {
            expect(after).toEqual(result.settings);
            // The admin's value wins over the user's.
            for (const key of result.managedKeys) {
              const value = (managed as Record<string, unknown>)[key];
              const field = WorkerSettings.shape[key as keyof typeof WorkerSettings.shape];
              expect(field.safeParse(value).success).toBe(true);
            }
          }
          // Back to the known-good baseline for the next run.
          await fakeBrowser.storage.local.set({ lastValidSettings: lastValid });
        },
      ),
      { numRuns: 1_000 },
    );
  });
});
