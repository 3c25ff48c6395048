// Takes the README's screenshots from the real extension against the emulator, so they stay current:
// `npm run build && npx tsx scripts/screenshots.ts` → docs/screenshots/{popup-busy,popup-busy-de,options}.png.
// The busy popup is what an agent with several chats sees: customers by name, rows grouped by what
// needs attention, a failure explained (another agent accepted that chat), the finished ones folded.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { type Emulator, startEmulator } from '../emulator/server';
import { type ExtensionBrowser, launchExtension } from '../tests/e2e/fixtures/extension';
import { PopupPage } from '../tests/e2e/pages/popup';

const OUT = resolve(import.meta.dirname, '../docs/screenshots');
/** Chrome's popup is at most 800 px wide; ours asks for 420 (popup.css). */
const POPUP = { width: 420, height: 640 };

async function main() {
  mkdirSync(OUT, { recursive: true });
  await busyPopup('en', 'popup-busy.png', true);
  await busyPopup('de', 'popup-busy-de.png', false);
  console.log(`Screenshots written to ${OUT}`);
}

async function busyPopup(lang: string, file: string, withOptions: boolean) {
  const [browser, emulator] = await Promise.all([launchExtension({ lang }), startEmulator()]);
  try {
    const page = await browser.openPopup();
    await page.evaluate((settings) => chrome.storage.sync.set({ settings }), {
      authBaseUrl: emulator.url,
      apiBaseUrl: emulator.url,
      clientId: emulator.clientId,
      desktopUrlPatterns: ['http://127.0.0.1/desktop*'],
    });
    await signIn(browser, page);
    const popup = await PopupPage.open(browser);
    await popup.page.setViewportSize(POPUP);
    const desktop = await browser.context.newPage();
    await desktop.goto(`${emulator.url}/desktop`);

    // Active: accepted, and the customer allowed.
    const active = await accept(browser, emulator, desktop, popup, 'Zoë Martínez', 'pending');
    await customerAnswers(browser, emulator, active, 'Allow');
    await popup.waitForRow(active, 'active');
    // Waiting for the customer.
    await accept(browser, emulator, desktop, popup, 'Jonas Weber', 'pending');
    // Declined: finished, folded away with a count.
    const declined = await accept(browser, emulator, desktop, popup, 'Ingrid Svensson', 'pending');
    await customerAnswers(browser, emulator, declined, 'Decline');
    await popup.waitForRow(declined, 'declined');
    // A failure with its cause: another agent accepted this chat.
    const theirs = emulator.createConversation({ customerName: 'Priya Natarajan' }).id;
    emulator.acceptConversation(theirs, 'agent-grace');
    await send(popup.page, 'start-session', { conversationId: theirs });
    await popup.waitForRow(theirs, 'failed');

    await popup.page.bringToFront();
    await shoot(popup.page, file);

    if (withOptions) {
      const options = await browser.openOptions();
      await options.setViewportSize({ width: 820, height: 900 });
      await options.waitForFunction(() => !(document.getElementById('save') as HTMLButtonElement).disabled);
      await options.locator('#diagnostics-table tbody tr').first().waitFor();
      await options.screenshot({ path: resolve(OUT, 'options.png'), fullPage: true });
    }
  } finally {
    await browser.close();
    await emulator.close();
  }
}

/** A chat arrives with the customer's name; the agent accepts it in the desktop; the start follows. */
async function accept(
  _browser: ExtensionBrowser,
  emulator: Emulator,
  desktop: Page,
  popup: PopupPage,
  customerName: string,
  state: string,
): Promise<string> {
  const { id } = emulator.createConversation({ customerName });
  const chat = desktop.getByTestId(`chat-${id}`);
  await chat.getByRole('button', { name: 'Accept' }).click();
  await desktop.locator(`[data-testid="chat-${id}"][data-status="mine"]`).waitFor();
  await popup.waitForRow(id, state);
  return id;
}

async function customerAnswers(browser: ExtensionBrowser, emulator: Emulator, id: string, answer: string) {
  const customer = await browser.context.newPage();
  await customer.goto(`${emulator.url}/customer/${id}`);
  await customer.getByRole('button', { name: answer }).click();
  await customer.close();
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
  if (!result.ok) throw new Error(`Sign-in failed: ${JSON.stringify(result)}.`);
}

async function shoot(page: Page, name: string) {
  // Let the clocks tick once so "0 s" does not show.
  await page.waitForFunction(() =>
    [...document.querySelectorAll('time')].every((t) => !t.textContent?.match(/\b0 s/)),
  );
  await page.locator('body').screenshot({ path: resolve(OUT, name) });
}

main().catch((error: unknown) => {
  console.error('Screenshots failed:', error);
  process.exit(1);
});
