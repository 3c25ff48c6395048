import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../emulator/server';
import { EXTENSION_ID, type ExtensionBrowser, launchExtension } from './fixtures/extension';
import { OptionsPage } from './pages/options';

describe('options page', () => {
  let browser: ExtensionBrowser;
  let emulator: Emulator;
  let options: OptionsPage;
  beforeAll(async () => {
    [browser, emulator] = await Promise.all([launchExtension(), startEmulator()]);
    options = await OptionsPage.open(browser);
    await options.openAdvanced();
  });
  afterAll(async () => {
    await browser?.close();
    await emulator?.close();
  });

  async function fill(values: Record<string, string>) {
    for (const [label, value] of Object.entries(values)) await options.field(label).fill(value);
  }

  it('Save with required fields empty marks each one by its label and does not say Saved', async () => {
    await options.button('Save').click();
    const text = await options.waitForStatus('co-browse cannot start until');
    for (const label of [
      'Sign-in (auth) base URL',
      'API base URL',
      'OAuth client id',
      'Desktop URL patterns',
    ])
      expect(await options.errorBeside(options.field(label))).toBe(`${label} is missing`);
    expect(text).not.toMatch(/saved/i);
    expect(text).not.toMatch(/clientId|authBaseUrl|apiBaseUrl|desktopUrlPatterns/);
    expect(await options.status.getAttribute('class')).toBe('error');
    await options.page.evaluate(() => chrome.storage.sync.remove('settings')); // later tests start empty
  });

  it('shows only what applies to the platform; Genesys regions by name, grouped by geography', async () => {
    const region = options.page.locator('[data-field="region"]');
    const stream = options.field("Listen to the platform's notification stream (Genesys Cloud)");
    expect(await options.field('Platform').inputValue()).toBe('sessions-api');
    expect(await region.isHidden()).toBe(true);
    expect(await stream.isHidden()).toBe(true);
    await options.field('Platform').selectOption('genesys-cloud');
    expect(await region.isVisible()).toBe(true);
    expect(await stream.isVisible()).toBe(true);
    const groups = await options
      .field('Region')
      .evaluate((select) =>
        [...select.querySelectorAll('optgroup')].map((g) => [
          g.label,
          [...g.querySelectorAll('option')].map((o) => o.textContent),
        ]),
      );
    expect(groups.map(([label]) => label)).toEqual([
      'Americas',
      'Europe, Middle East and Africa',
      'Asia Pacific',
    ]);
    expect(groups[1]?.[1]).toContain('EMEA (Frankfurt) — mypurecloud.de');
    await options.field('Platform').selectOption('sessions-api');
    expect(await region.isHidden()).toBe(true);
  });

  it('switching to Genesys Cloud replaces the scopes with the ones its calls need, and offers voice co-browse', async () => {
    const scopes = options.field('Scopes');
    const voice = options.field('Offer co-browse on voice calls (Genesys Cloud)');
    await scopes.fill('cobrowse:write');
    expect(await voice.isHidden()).toBe(true);
    await options.field('Platform').selectOption('genesys-cloud');
    expect(await scopes.inputValue()).toBe('conversations notifications user-basic-info');
    expect(await voice.isVisible()).toBe(true);
    expect(await voice.isChecked()).toBe(false);
    await options.field('Platform').selectOption('sessions-api');
    expect(await scopes.inputValue()).toBe('cobrowse:write');
    expect(await voice.isHidden()).toBe(true);
  });

  it('labels every field and shows the redirect URI with a Copy button', async () => {
    for (const label of [
      'Platform',
      'Region',
      'Sign-in (auth) base URL',
      'API base URL',
      'OAuth client id',
      'Scopes',
      'Desktop URL patterns',
      "Listen for the desktop's page events",
      'Rule 1: CSS selector',
      'Rule 1: conversation id attribute',
      'Start co-browse automatically when a chat is accepted',
    ]) {
      expect(await options.field(label).count(), label).toBe(1);
    }
    const redirect = options.field('Redirect URI to register with the OAuth client');
    expect(await redirect.inputValue()).toBe(`https://${EXTENSION_ID}.chromiumapp.org/callback`);
    await options.button('Copy redirect URI').click();
    await options.waitForStatus('Redirect URI copied.');
  });

  it('fills both base URLs from a region, and switches to Custom when a URL is edited', async () => {
    await options.field('Platform').selectOption('genesys-cloud');
    await options.field('Region').selectOption('mypurecloud.de');
    expect(await options.field('Sign-in (auth) base URL').inputValue()).toBe('https://login.mypurecloud.de');
    expect(await options.field('API base URL').inputValue()).toBe('https://api.mypurecloud.de');
    await options.field('API base URL').fill('https://api.example.com');
    expect(await options.field('Region').inputValue()).toBe('custom');
    await options.field('Platform').selectOption('sessions-api');
  });

  it('adds and removes detection rules from the keyboard, renumbering their labels', async () => {
    await options.button('Add rule').focus();
    await options.page.keyboard.press('Enter');
    expect(await options.page.evaluate(() => document.activeElement?.getAttribute('data-slot'))).toBe(
      'detection.domRules.1.selector',
    );
    await options.field('Rule 2: CSS selector').fill('.chat[data-state="accepted"]');
    await options.button('Remove rule 1').click();
    expect(await options.field('Rule 1: CSS selector').inputValue()).toBe('.chat[data-state="accepted"]');
    await options.button('Remove rule 1').click();
    expect(await options.page.locator('#rules > li').count()).toBe(0);
    await options.button('Add rule').click();
    await options.field('Rule 1: conversation id attribute').fill('data-cobrowse-conversation-id');
  });

  it('refuses invalid settings with each error beside its field, and moves focus to the first', async () => {
    await fill({
      'Sign-in (auth) base URL': 'http://example.com',
      'API base URL': emulator.url,
      'Desktop URL patterns': 'not a pattern\nhttp://127.0.0.1/desktop*',
      'Rule 1: CSS selector': 'div[[',
    });
    await options.button('Save').click();
    expect(await options.waitForStatus('Not saved')).toContain('3 field(s) need fixing');
    expect(await options.errorBeside(options.field('Sign-in (auth) base URL'))).toContain(
      'Enter an https URL',
    );
    expect(await options.errorBeside(options.field('Desktop URL patterns'))).toBe(
      'Line 1: Enter a match pattern with a host, such as https://desk.example.com/*.',
    );
    expect(await options.errorBeside(options.field('Rule 1: CSS selector'))).toContain(
      'Not a valid CSS selector',
    );
    expect(await options.page.evaluate(() => document.activeElement?.id)).toBe('authBaseUrl');
    expect(await options.stored()).toBeUndefined();
  });

  it('saves valid loopback settings without a prompt (those hosts are granted) and clears the errors', async () => {
    await fill({
      'Sign-in (auth) base URL': emulator.url,
      'API base URL': emulator.url,
      'OAuth client id': emulator.clientId,
      'Desktop URL patterns': 'http://127.0.0.1/desktop*',
      'Rule 1: CSS selector': '[data-cobrowse-conversation-id][data-cobrowse-state="accepted"]',
    });
    await options.button('Save').click();
    await options.waitForStatus('Saved.');
    expect(await options.page.locator('[aria-invalid="true"]').count()).toBe(0);
    expect(await options.stored()).toMatchObject({
      authBaseUrl: emulator.url,
      apiBaseUrl: emulator.url,
      clientId: emulator.clientId,
      desktopUrlPatterns: ['http://127.0.0.1/desktop*'],
      autoStart: true,
      detection: { pageEvent: true },
    });
  });

  it('refuses at once a desktop host Chrome could never grant (plain http off loopback)', async () => {
    await fill({ 'Desktop URL patterns': 'http://desk.example.com/*' });
    await options.button('Save').click();
    expect(await options.errorBeside(options.field('Desktop URL patterns'))).toBe(
      'Chrome cannot grant http://desk.example.com/* to this extension: use https, or http only on 127.0.0.1 or localhost.',
    );
  });

  it('reports clearly when Chrome does not grant an https desktop host, and saves nothing', async () => {
    // Headless Chromium cannot answer its permission prompt, so the answer "deny" is given by
    // replacing chrome.permissions.request in this page; the real prompt is the next test.
    await options.page.evaluate(() => {
      chrome.permissions.request = async () => false;
    });
    await fill({ 'Desktop URL patterns': 'https://desk.example.com/*' });
    await options.button('Save').click();
    expect(await options.waitForStatus('Not saved')).toBe(
      'Not saved: Chrome did not grant access to https://desk.example.com/*. Press Save again and choose Allow.',
    );
    expect((await options.stored())?.desktopUrlPatterns).toEqual(['http://127.0.0.1/desktop*']);
  });

  it('really asks Chrome for a not-granted https host at Save, and waits for the answer', async () => {
    const page = await OptionsPage.open(browser);
    await page.field('Desktop URL patterns').fill('https://desk.example.com/*');
    await page.button('Save').click();
    expect(await page.waitForStatus("Waiting for your answer in Chrome's prompt")).toContain(
      'https://desk.example.com/*',
    );
    const granted = await page.page.evaluate(() =>
      chrome.permissions.contains({ origins: ['https://desk.example.com/*'] }),
    );
    expect(granted).toBe(false);
    expect((await page.stored())?.desktopUrlPatterns).toEqual(['http://127.0.0.1/desktop*']);
    await page.page.close();
  });
});
