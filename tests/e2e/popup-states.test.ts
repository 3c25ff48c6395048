import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../emulator/server';
import { type ExtensionBrowser, launchExtension } from './fixtures/extension';
import { configure, signIn } from './fixtures/flows';
import { PopupPage } from './pages/popup';

// One browser walks the popup through its deliberate states in the order an agent meets them:
// not set up → invalid → signed out → signed in and empty → signed out again.
describe('popup states', () => {
  let browser: ExtensionBrowser;
  let emulator: Emulator;
  beforeAll(async () => {
    [browser, emulator] = await Promise.all([launchExtension(), startEmulator()]);
  });
  afterAll(async () => {
    await browser?.close();
    await emulator?.close();
  });

  it('unconfigured: tells the agent to ask the admin; the details list each missing setting', async () => {
    const popup = await PopupPage.open(browser);
    await popup.waitForText(popup.notice, 'Cobrowse Autostart is not set up yet — ask your administrator');
    // The technical list is behind a disclosure, closed until someone opens it.
    expect(await popup.notice.getByRole('listitem').count()).toBe(0);
    await popup.notice.getByText('Details for your administrator').click();
    const items = await popup.notice.getByRole('listitem').allTextContents();
    expect(items).toEqual([
      'Sign-in (auth) base URL is missing',
      'API base URL is missing',
      'OAuth client id is missing',
      'Desktop URL patterns is missing',
    ]);
    expect(await popup.button('Sign in').isHidden()).toBe(true);
    expect(await popup.userName.textContent()).toBe('Not signed in');
    const options = browser.context.waitForEvent('page', {
      predicate: (p) => p.url().includes('/src/options/'),
    });
    await popup.button('Open the options to fix this').click();
    await (await options).close();
    await popup.page.close();
  });

  it('invalid settings: names the field and its problem', async () => {
    const popup = await PopupPage.open(browser);
    await popup.page.evaluate(() =>
      chrome.storage.sync.set({
        settings: { authBaseUrl: 'http://example.com', apiBaseUrl: 'https://api.example.com' },
      }),
    );
    // No reload: the popup follows storage changes on its own. The details opened before the
    // change stay open through the re-render (they were open, so the list is visible).
    await popup.notice.getByText('Details for your administrator').click();
    await popup.waitForText(popup.notice, 'Some settings are invalid');
    await popup.notice.getByRole('listitem').first().waitFor();
    const items = await popup.notice.getByRole('listitem').allTextContents();
    expect(items).toContain(
      'Sign-in (auth) base URL: must use https (http is allowed only on 127.0.0.1, localhost or [::1])',
    );
    expect(items).not.toContain('Sign-in (auth) base URL is missing'); // invalid, not missing
    await popup.page.close();
  });

  it('not signed in yet: says so, offers Sign in, and signing in from the popup names the agent', async () => {
    await configure(browser, emulator);
    const popup = await PopupPage.open(browser);
    await popup.waitForText(popup.notice, 'You are signed out');
    expect(await popup.userName.textContent()).toBe('Not signed in');
    expect(await popup.page.locator('#environment').textContent()).toBe(
      `Environment: ${new URL(emulator.url).host}`,
    );

    const authWindow = browser.context.waitForEvent('page', {
      predicate: (p) => p.url().includes('/oauth/authorize'),
    });
    await popup.button('Sign in').click();
    const auth = await authWindow;
    await auth.getByLabel('Demo agent').selectOption('agent-ada');
    await auth.getByRole('button', { name: 'Sign in' }).click();

    await popup.waitForText(popup.userName, 'Ada Lovelace');
    await popup.waitForText(popup.status, 'Signed in as Ada Lovelace.');
    expect(await popup.button('Sign out').isVisible()).toBe(true);
    expect(await popup.button('Sign in').isHidden()).toBe(true);
    await popup.page.close();
  });

  it('signed in with no conversations: an empty state that says what will appear', async () => {
    const popup = await PopupPage.open(browser);
    await popup.waitForText(popup.notice, 'No conversations yet');
    expect(await popup.notice.textContent()).toContain('Accept a chat in your desktop');
    expect(await popup.page.locator('#conversations').isHidden()).toBe(true);
    expect(await popup.autoStart.isChecked()).toBe(true);
    expect(await popup.autoStart.isEnabled()).toBe(true);
    expect(await popup.page.locator('#managed-note').isHidden()).toBe(true);

    await popup.button('Sign out').click();
    // Sign out is final: nothing starts (or signs in silently) until someone signs in again.
    await popup.waitForText(popup.notice, 'Signed out — co-browse will not start');
    expect(await popup.userName.textContent()).toBe('Not signed in');
    await popup.page.close();
  });

  it('reaches every control by keyboard, each with an accessible name', async () => {
    await signIn(browser, await browser.openPopup());
    const popup = await PopupPage.open(browser);
    const reached: string[] = [];
    for (let i = 0; i < 4; i++) {
      await popup.page.keyboard.press('Tab');
      reached.push(await popup.page.locator(':focus').ariaSnapshot());
    }
    expect(reached).toEqual([
      '- button "Sign out"',
      '- switch "Start co-browse automatically" [checked]',
      '- button "Copy diagnostics"',
      '- button "Options"',
    ]);
    // Space toggles the switch, as a keyboard user expects.
    await popup.autoStart.focus();
    await popup.page.keyboard.press('Space');
    await popup.page.waitForFunction(
      async () =>
        ((await chrome.storage.sync.get('settings')).settings as { autoStart?: boolean } | undefined)
          ?.autoStart === false,
    );
    await popup.page.close();
  });

  it('follows the system colour scheme', async () => {
    const popup = await PopupPage.open(browser);
    const background = () => popup.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await popup.page.emulateMedia({ colorScheme: 'light' });
    expect(await background()).toBe('rgb(255, 255, 255)');
    await popup.page.emulateMedia({ colorScheme: 'dark' });
    expect(await background()).toBe('rgb(13, 17, 23)');
    await popup.page.close();
  });
});
