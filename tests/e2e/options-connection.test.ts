import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../emulator/server';
import { type ExtensionBrowser, launchExtension } from './fixtures/extension';
import { OptionsPage } from './pages/options';

// "Test connection" signs in through the worker and calls users/me, then says the result in words.
describe('options page: Test connection', () => {
  let browser: ExtensionBrowser;
  let emulator: Emulator;
  let options: OptionsPage;
  beforeAll(async () => {
    [browser, emulator] = await Promise.all([launchExtension(), startEmulator()]);
    options = await OptionsPage.open(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await emulator?.close();
  });

  it('says what is missing before anything is set up', async () => {
    await options.button('Test connection').click();
    expect(await options.waitForStatus('not set up')).toContain(
      'The extension is not set up yet: fill in the missing settings in the options.',
    );
  });

  it('tests only saved settings: unsaved edits ask for a Save first', async () => {
    await options.field('Sign-in (auth) base URL').fill(emulator.url);
    await options.field('API base URL').fill(emulator.url);
    await options.field('OAuth client id').fill(emulator.clientId);
    await options.field('Desktop URL patterns').fill('http://127.0.0.1/desktop*');
    await options.button('Test connection').click();
    await options.waitForStatus('You have unsaved changes: save them first, then test the connection.');
    await options.button('Save').click();
    await options.waitForStatus('Saved.');
  });

  it('signs in through the platform window and reports who the token belongs to', async () => {
    const authWindow = browser.context.waitForEvent('page', {
      predicate: (p) => p.url().includes('/oauth/authorize'),
    });
    await options.button('Test connection').click();
    await options.waitForStatus('Signing in and asking the platform who you are');
    const auth = await authWindow;
    await auth.getByLabel('Demo agent').selectOption('agent-grace');
    await auth.getByRole('button', { name: 'Sign in' }).click();
    expect(await options.waitForStatus('Connected as')).toBe(
      'Connected as Grace Hopper (grace@example.com).',
    );
  });

  it('turns a refusal into its cause sentence, with the detail for support', async () => {
    // The platform remembers the browser's sign-in, so no window opens this time; users/me refuses.
    emulator.injectFault('GET /api/v2/users/me', { status: 403 });
    await options.button('Test connection').click();
    const text = await options.waitForStatus('Details');
    // A 403 is the platform refusing this account, not a sign-in that did not complete: the one
    // right cause is "forbidden" (reporting it as sign-in-failed would send the agent round in circles).
    expect(text).toMatch(
      /^Your account may not start co-browse: ask your administrator for co-browse rights\. \(Details: .*403/,
    );
    expect(text).not.toContain('Sign-in did not complete');
  });
});
