import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../emulator/server';
import { DIST, EXTENSION_ID, type ExtensionBrowser, launchExtension } from './fixtures/extension';
import { sendFromPage } from './fixtures/flows';
import type { MachineFile } from './fixtures/machine-file';
import { writeMachinePolicy } from './fixtures/policy';
import { OptionsPage } from './pages/options';
import { PopupPage } from './pages/popup';

// The "3rdparty" section of Chromium's machine policy becomes the extension's chrome.storage.managed.
describe('managed settings (Chromium policy, needs root to write it)', () => {
  let browser: ExtensionBrowser;
  let emulator: Emulator;
  let policy: MachineFile | undefined;
  let managed: Record<string, unknown>;
  beforeAll(async () => {
    const schema = JSON.parse(readFileSync(join(DIST, 'managed-schema.json'), 'utf8'));
    if (!schema.properties?.clientId) {
      throw new Error(
        'dist/managed-schema.json declares no settings, and Chromium drops policy values its schema does not declare: ' +
          'give public/managed-schema.json a property per settings field, then rebuild.',
      );
    }
    emulator = await startEmulator();
    managed = {
      apiBaseUrl: emulator.url,
      authBaseUrl: emulator.url,
      clientId: emulator.clientId,
      autoStart: false,
    };
    policy = writeMachinePolicy('cobrowse-autostart-e2e', {
      '3rdparty': { extensions: { [EXTENSION_ID]: managed } },
    });
    browser = await launchExtension();
    // The user's own values, which the admin's must override.
    const worker = await browser.worker();
    await worker.evaluate((settings) => chrome.storage.sync.set({ settings }), {
      clientId: 'users-own-client',
      autoStart: true,
      scopes: ['cobrowse:write'],
      desktopUrlPatterns: ['http://127.0.0.1/desktop*'],
    });
  });
  afterAll(async () => {
    try {
      await browser?.close();
      await emulator?.close();
    } finally {
      policy?.remove();
    }
  });

  it('reads the policy into chrome.storage.managed, and the admin wins over the user', async () => {
    const worker = await browser.worker();
    expect(await worker.evaluate(() => chrome.storage.managed.get(null))).toEqual(managed);
    const page = await browser.openPopup();
    const reply = (await sendFromPage(page, 'get-status', {})) as {
      value: { settings: Record<string, unknown>; managedKeys: string[] };
    };
    expect(reply.value.settings).toMatchObject({ clientId: emulator.clientId, autoStart: false });
    expect([...reply.value.managedKeys].sort()).toEqual(Object.keys(managed).sort());
    const refused = await sendFromPage(page, 'set-auto-start', { enabled: true });
    expect(refused).toMatchObject({ ok: false, error: { code: 'managed' } });
    await page.close();
  });

  it('shows managed fields locked with "Set by your administrator", and Save keeps the user out of them', async () => {
    const options = await OptionsPage.open(browser);
    expect(await options.page.locator('#managed-banner').isVisible()).toBe(true);
    for (const [label, value] of [
      ['OAuth client id', emulator.clientId],
      ['API base URL', emulator.url],
      ['Sign-in (auth) base URL', emulator.url],
    ] as const) {
      const field = options.field(label);
      expect(await field.inputValue(), label).toBe(value);
      expect(await field.isDisabled(), label).toBe(true);
      const note = (await field.getAttribute('aria-describedby'))?.split(' ')[0];
      expect(await options.page.locator(`[id="${note}"]`).textContent(), label).toBe(
        'Set by your administrator',
      );
    }
    expect(await options.field('Region').isDisabled()).toBe(true);
    expect(await options.field('Start co-browse automatically when a chat is accepted').isDisabled()).toBe(
      true,
    );
    expect(await options.field('Scopes').isEnabled()).toBe(true);

    await options.field('Scopes').fill('cobrowse:write users:read');
    await options.button('Save').click();
    await options.waitForStatus('Saved.');
    expect(await options.stored()).toMatchObject({
      clientId: 'users-own-client',
      scopes: ['cobrowse:write', 'users:read'],
    });
    await options.page.close();
  });

  it('options Diagnostics: each setting in force with its source (policy / user / default)', async () => {
    const options = await OptionsPage.open(browser);
    const row = (key: string) => options.page.locator(`#diagnostics-table tr[data-key="${key}"]`);
    await row('clientId').waitFor();
    const seen = async (key: string) => ({
      value: await row(key).locator('.value').textContent(),
      source: await row(key).locator('.source').textContent(),
    });
    // The admin's value, not the user's own 'users-own-client', and said to be the admin's.
    expect(await seen('clientId')).toEqual({ value: emulator.clientId, source: 'Policy (administrator)' });
    expect(await seen('autoStart')).toEqual({ value: 'false', source: 'Policy (administrator)' });
    expect(await seen('apiBaseUrl')).toEqual({ value: emulator.url, source: 'Policy (administrator)' });
    expect(await seen('desktopUrlPatterns')).toEqual({
      value: 'http://127.0.0.1/desktop*',
      source: 'User (this page)',
    });
    // The test before saved the whole form as the user's; the settings without a field stay defaults.
    expect(await seen('startBudgetMs')).toEqual({ value: '30000', source: 'Default' });
    expect(await seen('staleStartMinutes')).toEqual({ value: '15', source: 'Default' });
    await options.page.close();
  });

  it('popup: the auto-start switch is off, disabled, and says the administrator set it', async () => {
    const popup = await PopupPage.open(browser);
    expect(await popup.autoStart.isChecked()).toBe(false);
    expect(await popup.autoStart.isDisabled()).toBe(true);
    expect(await popup.autoStart.getAttribute('aria-describedby')).toBe('auto-start-locked');
    expect(await popup.page.locator('#auto-start-locked').textContent()).toBe('Set by your administrator');
    expect(await popup.page.locator('#managed-note').isVisible()).toBe(true);
    await popup.page.close();
  });
});
