import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../emulator/server';
import { type ExtensionBrowser, launchExtension } from './fixtures/extension';
import { acceptChat, configure, openDesktop, sendFromPage, signIn } from './fixtures/flows';
import { PopupPage } from './pages/popup';

type Secrets = { code: string; verifier: string; token: string };

// The support report: useful (versions, settings, attempts with status and cause) and free of every
// secret the sign-in handled. The secrets are read from the real flow, not guessed.
describe('popup: Copy diagnostics', () => {
  let browser: ExtensionBrowser;
  let emulator: Emulator;
  const secrets: Partial<Secrets> = {};
  beforeAll(async () => {
    [browser, emulator] = await Promise.all([launchExtension(), startEmulator()]);
    await configure(browser, emulator);
    // Record the token request's body in the worker: it carries the authorization code and verifier.
    await (await browser.worker()).evaluate(() => {
      const original = globalThis.fetch;
      const bodies: string[] = [];
      Object.assign(globalThis, { __tokenBodies: bodies });
      globalThis.fetch = async (input, init) => {
        const request = new Request(input, init);
        if (request.url.endsWith('/oauth/token')) bodies.push(await request.clone().text());
        return original(request);
      };
    });
    await signIn(browser, await browser.openPopup());
    const worker = await browser.worker();
    const body = new URLSearchParams(
      await worker.evaluate(
        () => (globalThis as unknown as { __tokenBodies: string[] }).__tokenBodies[0] ?? '',
      ),
    );
    secrets.code = body.get('code') ?? '';
    secrets.verifier = body.get('code_verifier') ?? '';
    const { auth } = await worker.evaluate(() => chrome.storage.session.get('auth'));
    secrets.token = (auth as { accessToken?: string } | undefined)?.accessToken ?? '';
  });
  afterAll(async () => {
    await browser?.close();
    await emulator?.close();
  });

  it('copies a JSON report with versions, settings and the attempts, and says it did', async () => {
    const started = emulator.createConversation();
    await acceptChat(await openDesktop(browser, emulator), started.id);
    const failed = emulator.createConversation();
    const popup = await PopupPage.open(browser);
    await sendFromPage(popup.page, 'start-session', { conversationId: failed.id });
    await popup.waitForRow(started.id, 'pending');
    await popup.waitForRow(failed.id, 'failed');

    // Playwright cannot grant clipboard-read to an extension origin: keep a copy of what is written.
    await popup.page.evaluate(() => {
      const write = navigator.clipboard.writeText.bind(navigator.clipboard);
      navigator.clipboard.writeText = (text) => {
        Object.assign(window, { __copied: text });
        return write(text);
      };
    });
    await popup.button('Copy diagnostics').click();
    await popup.waitForText(popup.status, 'Diagnostics copied: paste them into your support ticket.');
    const text = await popup.page.evaluate(() => (window as unknown as { __copied: string }).__copied);
    const report = JSON.parse(text);
    expect(report).toMatchObject({
      extensionVersion: '0.1.0',
      settings: { apiBaseUrl: emulator.url, clientId: emulator.clientId },
      signIn: { signedIn: true, userName: 'Ada Lovelace' },
    });
    expect(report.browser).toContain('Chrome/');
    const attempts = report.attempts as {
      conversationId: string;
      httpStatus: number | null;
      cause: string | null;
    }[];
    expect(attempts.find((a) => a.conversationId === started.id)).toMatchObject({
      httpStatus: 201,
      cause: null,
    });
    expect(attempts.find((a) => a.conversationId === failed.id)).toMatchObject({
      httpStatus: 400,
      cause: 'agent-not-connected',
    });

    // No token, authorization code or PKCE verifier, in any form.
    for (const [name, secret] of Object.entries(secrets)) {
      expect(secret?.length, `${name} was captured`).toBeGreaterThan(10);
      expect(text.includes(secret as string), `${name} leaked into the report`).toBe(false);
    }
    expect(text).not.toMatch(/accessToken|code_verifier|refresh_token/i);
  });
});
