import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTENSION_ID, type ExtensionBrowser, launchExtension } from './fixtures/extension';

describe('the built extension in Chromium', () => {
  let browser: ExtensionBrowser;
  beforeAll(async () => {
    browser = await launchExtension();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('loads with its fixed id and a running module service worker', async () => {
    expect(browser.extensionId).toBe(EXTENSION_ID);
    const worker = await browser.worker();
    const manifest = await worker.evaluate(() => chrome.runtime.getManifest());
    expect(manifest.manifest_version).toBe(3);
    expect(await worker.evaluate(() => chrome.identity.getRedirectURL('callback'))).toBe(
      `https://${EXTENSION_ID}.chromiumapp.org/callback`,
    );
  });
});
