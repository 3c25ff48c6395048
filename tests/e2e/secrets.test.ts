import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../emulator/server';
import { type ExtensionBrowser, launchExtension } from './fixtures/extension';
import { acceptChat, configure, openDesktop, signIn } from './fixtures/flows';
import { PopupPage } from './pages/popup';
import { dumpExtensionStorage, dumpWebStoresOf } from './support/dumps';
import {
  announce,
  ask,
  type ConsoleLine,
  CREATE,
  quietPage,
  recordConsole,
  stored,
  tabIdOf,
} from './support/harness';
import { capturedTraffic, contentScriptStorageAccess, recordContentScriptTraffic } from './support/isolated';
import { type RecordingProxy, secretsIn, startRecordingProxy } from './support/recording-proxy';

// After an interactive sign-in, a silent re-auth and a few sessions (one refused and diagnosed, one
// lost after commit, one ended), the access tokens, authorization codes and PKCE verifiers the
// extension handled must appear nowhere but storage.session. They are captured on the wire by a
// recording proxy set as authBaseUrl (the worker's requests are not visible to page routing, and
// the emulator does not log bodies) and by reading storage.session from the worker.
async function token(browser: ExtensionBrowser): Promise<string> {
  const { auth } = await (await browser.worker()).evaluate(() => chrome.storage.session.get('auth'));
  return (auth as { accessToken: string }).accessToken;
}

describe('no token, code or verifier leaves storage.session', () => {
  let emulator: Emulator;
  let proxy: RecordingProxy;
  let browser: ExtensionBrowser;
  let lines: ConsoleLine[];
  let page: Page;
  let desktop: Page;
  let desktopTab: number;
  const tokensSeen: string[] = [];

  beforeAll(async () => {
    emulator = await startEmulator({ control: true });
    proxy = await startRecordingProxy(emulator.url);
    browser = await launchExtension();
    lines = recordConsole(browser.context);
    await configure(browser, emulator, { authBaseUrl: proxy.url });
    page = await quietPage(browser);
    await signIn(browser, page);
    tokensSeen.push(await token(browser));
  });
  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await emulator?.close();
  });

  it('setting the scene: a silent re-auth and three chats (started, refused, lost after commit then ended)', async () => {
    desktop = await openDesktop(browser, emulator);
    desktopTab = await tabIdOf(browser, desktop);
    await recordContentScriptTraffic(browser, desktopTab);

    // A start through a silent re-auth (the platform forgot the token), then a diagnosed refusal,
    // a lost answer, and a chat that ends.
    emulator.expireAllTokens();
    const renewed = emulator.createConversation();
    await acceptChat(desktop, renewed.id);
    await expect.poll(async () => (await stored(browser, renewed.id))?.state).toBe('pending');
    tokensSeen.push(await token(browser));

    const refused = emulator.createConversation();
    await announce(desktop, 'accepted', refused.id); // not accepted on the platform: a generic 400
    const lost = emulator.createConversation();
    emulator.injectFault(CREATE, { closeAfterCommit: true, times: 1 });
    await acceptChat(desktop, lost.id);
    await expect.poll(async () => (await stored(browser, refused.id))?.state).toBe('failed');
    await expect.poll(async () => (await stored(browser, lost.id))?.state).toBe('pending');
    await desktop.getByTestId(`chat-${lost.id}`).getByRole('button', { name: 'End' }).click();
    await expect.poll(async () => (await stored(browser, lost.id))?.state).toBe('ended');
  });

  it('the captured secrets are real: two sign-ins, each with its code, verifier and token', () => {
    const wire = secretsIn(proxy.exchanges);
    expect(wire.codes.length).toBeGreaterThanOrEqual(2);
    expect(wire.verifiers).toHaveLength(2);
    expect(wire.verifiers.every((v) => /^[A-Za-z0-9._~-]{43,128}$/.test(v))).toBe(true);
    expect(new Set(wire.tokens)).toEqual(new Set(tokensSeen));
  });

  it('appear nowhere the extension writes, logs, reports or tells a content script', async () => {
    const wire = secretsIn(proxy.exchanges);
    const secrets = [...wire.codes, ...wire.verifiers, ...wire.tokens, ...tokensSeen];
    const worker = await browser.worker();
    const storage = await dumpExtensionStorage(worker);
    // The one place a token may be: storage.session (readable by our pages and worker only).
    expect(JSON.stringify(storage.session)).toContain(tokensSeen.at(-1));

    // The capture really hears the worker: a line it writes now is among those searched below.
    await worker.evaluate(() => console.info('secrets-suite: console capture check'));
    await expect.poll(() => lines.some((l) => l.text.includes('console capture check'))).toBe(true);
    const popup = await PopupPage.open(browser);
    const diagnostics = await ask(page, 'get-diagnostics');
    expect(diagnostics).toMatchObject({ ok: true });
    const traffic = await capturedTraffic(browser, desktopTab);
    // get-detection, and chat-accepted / chat-ended with their replies for the chats above.
    expect(traffic.length).toBeGreaterThanOrEqual(5);
    const places: Record<string, unknown> = {
      'storage.local': storage.local,
      'storage.sync': storage.sync,
      'worker IndexedDB, CacheStorage': await dumpWebStoresOf(worker),
      'options page IndexedDB, CacheStorage, Web Storage': await dumpWebStoresOf(page),
      'popup page IndexedDB, CacheStorage, Web Storage': await dumpWebStoresOf(popup.page),
      'popup DOM': await popup.page.content(),
      'options DOM': await page.content(),
      'diagnostics export': diagnostics,
      'messages to and from the content script': traffic,
      'console lines (worker, extension pages, desktop and its content script)': lines,
    };
    for (const [place, value] of Object.entries(places)) {
      const text = JSON.stringify(value);
      for (const secret of secrets) expect(text.includes(secret), `${place} holds a secret`).toBe(false);
    }
    await popup.page.close();
  });

  it("a content script cannot read storage.session (the token's area); storage.local holds no secret", async () => {
    const access = await contentScriptStorageAccess(browser, desktopTab);
    expect(access?.session).toMatchObject({
      ok: false,
      error: expect.stringContaining('Access to storage is not allowed'),
    });
    expect(access?.sessionAuth).toMatchObject({ ok: false });
    // storage.local is readable from content scripts by design, which is why it holds history only.
    expect(access?.local).toMatchObject({ ok: true });
    for (const token of tokensSeen) expect(access?.local.value).not.toContain(token);
    // The page's own scripts have no extension storage at all.
    expect(
      await desktop.evaluate(() => typeof (globalThis as { chrome?: { storage?: unknown } }).chrome?.storage),
    ).toBe('undefined');
  });
});
