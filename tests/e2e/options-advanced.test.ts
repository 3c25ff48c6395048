import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../emulator/server';
import { type ExtensionBrowser, launchExtension } from './fixtures/extension';
import { acceptChat, configure, openDesktop, sendFromPage } from './fixtures/flows';
import { waitUntil } from './fixtures/wait';
import { OptionsPage } from './pages/options';

// Issue 13 items 12 and 13: advanced detection folded away with a live rule test, and a Diagnostics
// section naming where each setting in force comes from.
describe('options: advanced detection and diagnostics', () => {
  let browser: ExtensionBrowser;
  let emulator: Emulator;
  let options: OptionsPage;
  beforeAll(async () => {
    [browser, emulator] = await Promise.all([launchExtension(), startEmulator()]);
    await configure(browser, emulator, { detection: { pageEvent: false } });
    options = await OptionsPage.open(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await emulator?.close();
  });

  const advanced = () => options.page.locator('details#advanced-detection');
  const result = () => options.page.locator('#test-rules-result');

  it('keeps the selector rules and the page-event switch in a collapsed "Advanced: desktop detection"', async () => {
    expect(await advanced().getAttribute('open')).toBeNull();
    expect(await options.field("Listen for the desktop's page events").isVisible()).toBe(false);
    expect(await options.field('Rule 1: CSS selector').isVisible()).toBe(false);
    await options.page.getByText('Advanced: desktop detection').click();
    expect(await options.field("Listen for the desktop's page events").isVisible()).toBe(true);
    expect(await options.field('Rule 1: CSS selector').isVisible()).toBe(true);
  });

  it('with no desktop tab open, the test says so', async () => {
    await options.button('Test on an open desktop tab').click();
    await result().filter({ hasText: 'No open tab matches the desktop URL patterns' }).waitFor();
  });

  it('counts, per open desktop tab, the elements each rule (as typed, unsaved) matches', async () => {
    const desktop = await openDesktop(browser, emulator);
    const one = emulator.createConversation().id;
    const two = emulator.createConversation().id;
    await acceptChat(desktop, one);
    await acceptChat(desktop, two);
    await options.page.bringToFront();
    await options.button('Add rule').click();
    await options.field('Rule 2: CSS selector').fill('.no-such-thing');
    await options.field('Rule 2: conversation id attribute').fill('data-x');
    await options.button('Add rule').click();
    await options.field('Rule 3: CSS selector').fill('[[broken');
    await options.field('Rule 3: conversation id attribute').fill('data-x');
    await options.button('Test on an open desktop tab').click();
    const tab = result().locator('section.tab-counts');
    await tab.waitFor();
    expect(await tab.count()).toBe(1);
    expect(await tab.getAttribute('data-url')).toBe(desktop.url());
    expect(await tab.locator('li').allTextContents()).toEqual([
      'Rule 1: 2 matching elements',
      'Rule 2: 0 matching elements',
      'Rule 3: not a valid CSS selector',
    ]);
    await desktop.close();
  });

  it('Save with an invalid rule opens the section and puts focus on that rule', async () => {
    await options.page.reload();
    await options.page.waitForFunction(
      () => !(document.getElementById('save') as HTMLButtonElement).disabled,
    );
    expect(await advanced().getAttribute('open')).toBeNull();
    await options.page.evaluate(() => {
      (document.getElementById('advanced-detection') as HTMLDetailsElement).open = true;
    });
    await options.button('Add rule').click();
    await options.field('Rule 2: CSS selector').fill('[[broken');
    await options.field('Rule 2: conversation id attribute').fill('data-x');
    await options.page.evaluate(() => {
      (document.getElementById('advanced-detection') as HTMLDetailsElement).open = false;
    });
    await options.button('Save').click();
    await options.waitForStatus('Not saved');
    expect(await advanced().getAttribute('open')).toBe('');
    expect(await options.page.evaluate(() => document.activeElement?.getAttribute('data-slot'))).toBe(
      'detection.domRules.1.selector',
    );
  });

  it('Diagnostics lists each setting in force with its source: user or default', async () => {
    const row = (key: string) => options.page.locator(`#diagnostics-table tr[data-key="${key}"]`);
    await row('clientId').waitFor();
    expect(await row('clientId').locator('.value').textContent()).toBe(emulator.clientId);
    expect(await row('clientId').locator('.source').textContent()).toBe('User (this page)');
    expect(await row('platform').locator('.source').textContent()).toBe('Default');
    expect(await row('detection.pageEvent').locator('.value').textContent()).toBe('false');
    expect(await row('detection.pageEvent').locator('.source').textContent()).toBe('User (this page)');
    expect(await row('detection.domRules').locator('.source').textContent()).toBe('Default');
    expect(await row('notifyFailures').locator('.source').textContent()).toBe('Default');
    // A change anywhere (here: by another page) shows without a reload.
    await options.page.evaluate(async () => {
      const { settings } = (await chrome.storage.sync.get('settings')) as { settings: object };
      await chrome.storage.sync.set({ settings: { ...settings, notifyFailures: false } });
    });
    await row('notifyFailures').locator('.source', { hasText: 'User (this page)' }).waitFor();
    expect(await row('notifyFailures').locator('.value').textContent()).toBe('false');
  });

  // Issue 15: the worker does not carry the Public Suffix List, so it runs on a stored `*.github.io`;
  // this page names it, and the worker registers the detector only where a host permission is held.
  it('Diagnostics names a public-suffix wildcard the worker keeps, and the detector stays off it', async () => {
    const [wildcard, desk] = ['https://*.github.io/*', 'http://127.0.0.1/desktop-psl*'];
    const before = await options.page.evaluate(
      async () => (await chrome.storage.sync.get('settings')).settings as Record<string, unknown>,
    );
    await options.page.evaluate(
      async ([settings, patterns]) =>
        chrome.storage.sync.set({ settings: { ...settings, desktopUrlPatterns: patterns } }),
      [before, [wildcard, desk]] as const,
    );
    const problems = options.page.locator('#diagnostics-problems');
    await problems.filter({ hasText: 'desktopUrlPatterns.0' }).waitFor();
    expect(await problems.textContent()).toBe(
      'The detector does not run on these patterns, and Save asks for no permission to read those sites, ' +
        'until they name a registrable domain: desktopUrlPatterns.0: must not wildcard a public suffix ' +
        '(use *.example.co.uk, not *.co.uk or *.github.io)',
    );
    const status = (await sendFromPage(options.page, 'get-status')) as {
      value: { settings: { desktopUrlPatterns: string[] }; settingsProblems: string[] };
    };
    expect(status.value.settings.desktopUrlPatterns).toEqual([wildcard, desk]);
    expect(status.value.settingsProblems).toEqual([]);
    const scripts = await waitUntil(
      () => options.page.evaluate(() => chrome.scripting.getRegisteredContentScripts()),
      (registered) => registered[0]?.matches?.includes(desk) ?? false,
      { what: 'the detector to be registered on the new desktop pattern' },
    );
    expect(scripts.map((script) => script.matches)).toEqual([[desk]]);
    await options.page.evaluate(async (settings) => chrome.storage.sync.set({ settings }), before);
  });
});
