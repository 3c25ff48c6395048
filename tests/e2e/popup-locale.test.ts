import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, QUIET_FLAGS } from './fixtures/chromium';
import { DIST, EXTENSION_ID } from './fixtures/extension';

// The second locale, end to end: Chromium in German serves the German messages.json to the pages.
// (launchExtension() takes no language, so this file launches its own browser the same way.)
describe('popup and options in German', () => {
  const profile = mkdtempSync(join(tmpdir(), 'cobrowse-e2e-de-'));
  let context: BrowserContext;
  beforeAll(async () => {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath(),
      headless: true,
      env: { ...process.env, LANGUAGE: 'de', LANG: 'de_DE.UTF-8' },
      args: [...QUIET_FLAGS, '--lang=de', `--disable-extensions-except=${DIST}`, `--load-extension=${DIST}`],
    });
    if (!context.serviceWorkers().length) await context.waitForEvent('serviceworker');
  });
  afterAll(async () => {
    await context?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it('shows the popup in German, with a matching lang attribute', async () => {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${EXTENSION_ID}/src/popup/index.html`);
    await page
      .getByRole('heading', {
        name: 'Cobrowse Autostart ist noch nicht eingerichtet – wenden Sie sich an Ihre Administration',
      })
      .waitFor();
    expect(await page.getByRole('button', { name: 'Diagnose kopieren' }).count()).toBe(1);
    expect(await page.getByRole('switch', { name: 'Co-Browsing automatisch starten' }).count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
  });

  it('shows the options page in German', async () => {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${EXTENSION_ID}/src/options/index.html`);
    expect(await page.getByLabel('OAuth-Client-ID', { exact: true }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Verbindung testen' }).count()).toBe(1);
  });
});
