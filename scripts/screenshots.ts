// Takes the README's screenshots from the real extension against the emulator, so they stay current:
// `npx vite build && npx tsx scripts/screenshots.ts` → docs/screenshots/{popup-active,popup-failed,options}.png
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { startEmulator } from '../emulator/server';
import { type ExtensionBrowser, launchExtension } from '../tests/e2e/fixtures/extension';
import { PopupPage } from '../tests/e2e/pages/popup';

const OUT = resolve(import.meta.dirname, '../docs/screenshots');

async function main() {
  mkdirSync(OUT, { recursive: true });
  const [browser, emulator] = await Promise.all([launchExtension(), startEmulator()]);
  try {
    const page = await browser.openPopup();
    await page.evaluate((settings) => chrome.storage.sync.set({ settings }), {
      authBaseUrl: emulator.url,
      apiBaseUrl: emulator.url,
      clientId: emulator.clientId,
      desktopUrlPatterns: ['http://127.0.0.1/desktop*'],
    });
    await signIn(browser, page);

    // An active session: the agent accepts, the customer allows.
    const active = emulator.createConversation({ id: 'conv-7f3a9c21-active' });
    emulator.acceptConversation(active.id, 'agent-ada');
    await send(page, 'start-session', { conversationId: active.id });
    const customer = await browser.context.newPage();
    await customer.goto(`${emulator.url}/customer/${active.id}`);
    await customer.getByRole('button', { name: 'Allow' }).click();

    const popup = await PopupPage.open(browser);
    await popup.page.setViewportSize({ width: 420, height: 600 });
    await popup.waitForRow(active.id, 'active');
    await shoot(popup.page, 'popup-active.png');

    // A diagnosed failure: a chat the agent has not accepted.
    const failed = emulator.createConversation({ id: 'conv-b81e4d07-failed' });
    await send(page, 'start-session', { conversationId: failed.id });
    await popup.waitForRow(failed.id, 'failed');
    await shoot(popup.page, 'popup-failed.png');

    const options = await browser.openOptions();
    await options.setViewportSize({ width: 820, height: 900 });
    await options.waitForFunction(() => !(document.getElementById('save') as HTMLButtonElement).disabled);
    await options.screenshot({ path: resolve(OUT, 'options.png'), fullPage: true });
    console.log(`Screenshots written to ${OUT}`);
  } finally {
    await browser.close();
    await emulator.close();
  }
}

async function send(page: Page, type: string, payload: unknown) {
  const reply = await page.evaluate(([t, p]) => chrome.runtime.sendMessage({ type: t, payload: p }), [
    type,
    payload,
  ] as const);
  if (!reply?.ok) throw new Error(`"${type}" failed: ${JSON.stringify(reply)}`);
  return reply.value;
}

/** Drives the emulator's sign-in window as an agent would. */
async function signIn(browser: ExtensionBrowser, page: Page) {
  const window = browser.context.waitForEvent('page', {
    predicate: (p) => p.url().includes('/oauth/authorize'),
  });
  const reply = send(page, 'sign-in', {});
  const auth = await window;
  await auth.getByLabel('Demo agent').selectOption('agent-ada');
  await auth.getByRole('button', { name: 'Sign in' }).click();
  const result = await reply;
  if (!result.ok)
    throw new Error(`Sign-in failed: ${JSON.stringify(result)}. Is the emulator's client registered?`);
}

async function shoot(page: Page, name: string) {
  // Let the clocks tick once so "0 sec" does not show.
  await page.waitForFunction(() =>
    [...document.querySelectorAll('time')].every((t) => !t.textContent?.startsWith('0 ')),
  );
  await page.locator('body').screenshot({ path: resolve(OUT, name) });
}

main().catch((error: unknown) => {
  console.error('Screenshots failed:', error);
  process.exit(1);
});
