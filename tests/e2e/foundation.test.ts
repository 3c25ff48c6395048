import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../emulator/server';
import { EXTENSION_ID, type ExtensionBrowser, launchExtension } from './fixtures/extension';
import { configure, record } from './fixtures/flows';

describe('the built extension in Chromium', () => {
  let browser: ExtensionBrowser;
  let emulator: Emulator;
  const errors: string[] = [];
  beforeAll(async () => {
    emulator = await startEmulator({ control: true });
    browser = await launchExtension();
    browser.context.on('console', (message) => {
      if (message.type() === 'error' && message.worker()) errors.push(message.text());
    });
  });
  afterAll(async () => {
    await browser?.close();
    await emulator?.close();
  });

  it('loads with its fixed id and a running module service worker, with no errors logged', async () => {
    expect(browser.extensionId).toBe(EXTENSION_ID);
    const worker = await browser.worker();
    const manifest = await worker.evaluate(() => chrome.runtime.getManifest());
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.background).toMatchObject({ type: 'module' });
    expect(await worker.evaluate(() => chrome.identity.getRedirectURL('callback'))).toBe(
      `https://${EXTENSION_ID}.chromiumapp.org/callback`,
    );
  });

  it('runs the detector on an allowed desktop page and not on another page', async () => {
    await configure(browser, emulator);
    const announce = async (path: string, id: string) => {
      const page = await browser.context.newPage();
      await page.goto(`${emulator.url}${path}`);
      await page.evaluate((conversationId) => {
        window.dispatchEvent(new CustomEvent('cobrowse:chat-accepted', { detail: { conversationId } }));
      }, id);
      return page;
    };
    // Signed out, a detected chat waits in needs-sign-in: proof the detector ran and reported it.
    const desktop = await announce('/desktop', 'allowed-1');
    await expect.poll(async () => (await record(browser, 'allowed-1'))?.state).toBe('needs-sign-in');
    const other = await announce('/customer/unknown', 'elsewhere-1');
    // The same announcement on the allowed page is seen; the other page's never is.
    const witness = await announce('/desktop', 'allowed-2');
    await expect.poll(async () => (await record(browser, 'allowed-2'))?.state).toBe('needs-sign-in');
    expect(await record(browser, 'elsewhere-1')).toBeUndefined();
    await Promise.all([desktop.close(), other.close(), witness.close()]);
  });

  it('logged no error from the service worker through all of the above', () => {
    expect(errors).toEqual([]);
  });
});
