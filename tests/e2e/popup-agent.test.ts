import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../emulator/server';
import { type ExtensionBrowser, launchExtension } from './fixtures/extension';
import { configure, openDesktop, sendFromPage, signIn } from './fixtures/flows';
import { PopupPage } from './pages/popup';
import { dumpExtensionStorage } from './support/dumps';
import { rowOverlaps } from './support/layout';

/** As flows.acceptChat, without expect.poll (which vitest allows only inside a test, not in beforeAll). */
async function accept(desktop: Page, id: string) {
  await desktop.getByTestId(`chat-${id}`).getByRole('button', { name: 'Accept' }).click();
  await desktop.locator(`[data-testid="chat-${id}"][data-status="mine"]`).waitFor();
}

// What an agent with several chats sees: customers by name (kept in storage.session only), rows
// grouped by what needs attention, an action on each row that needs one, and a layout that holds
// in English and German at the popup's width.
describe.each([
  [
    'en',
    {
      failed: 'Failed',
      retry: 'Retry',
      attention: 'Needs attention (1)',
      finished: 'Finished (1)',
      end: 'End co-browse for ',
      offerAgain: 'Offer co-browse again to ',
    },
  ],
  [
    'de',
    {
      failed: 'Fehlgeschlagen',
      retry: 'Erneut versuchen',
      attention: 'Braucht Aufmerksamkeit (1)',
      finished: 'Beendet (1)',
      end: 'Beenden: Co-Browsing für ',
      offerAgain: 'Co-Browsing erneut anbieten für ',
    },
  ],
] as const)('popup for a busy agent (%s)', (lang, words) => {
  let browser: ExtensionBrowser;
  let emulator: Emulator;
  let popup: PopupPage;
  const ids: Record<'pending' | 'failed' | 'declined', string> = { pending: '', failed: '', declined: '' };
  const names = { pending: 'Zoë Pending-Customer', declined: 'Ingrid Declined-Customer' };

  beforeAll(async () => {
    [browser, emulator] = await Promise.all([launchExtension({ lang }), startEmulator()]);
    await configure(browser, emulator);
    await signIn(browser, await browser.openPopup());
    popup = await PopupPage.open(browser);
    const desktop = await openDesktop(browser, emulator);

    ids.pending = emulator.createConversation({ customerName: names.pending }).id;
    await accept(desktop, ids.pending);
    await popup.waitForRow(ids.pending, 'pending');

    ids.declined = emulator.createConversation({ customerName: names.declined }).id;
    await accept(desktop, ids.declined);
    await popup.waitForRow(ids.declined, 'pending');
    const customer = await browser.context.newPage();
    await customer.goto(`${emulator.url}/customer/${ids.declined}`);
    await customer.getByRole('button', { name: 'Decline' }).click();
    await popup.waitForRow(ids.declined, 'declined');
    await customer.close();

    // Not accepted by the agent: the platform refuses, a failure with its cause sentence.
    ids.failed = emulator.createConversation().id;
    await sendFromPage(popup.page, 'start-session', { conversationId: ids.failed });
    await popup.waitForRow(ids.failed, 'failed');
  });
  afterAll(async () => {
    await browser?.close();
    await emulator?.close();
  });

  it('groups rows: failed first, then waiting for customer, then finished collapsed with a count', async () => {
    expect((await popup.groupHeadings())[0]).toBe(words.attention);
    expect(await popup.groupHeadings()).toContain(words.finished);
    const order = await popup.rowIds();
    expect(order.indexOf(ids.failed)).toBeLessThan(order.indexOf(ids.pending));
    expect(order.indexOf(ids.pending)).toBeLessThan(order.indexOf(ids.declined));
    expect(await popup.row(ids.declined).isVisible()).toBe(false); // collapsed by default
    expect(await popup.row(ids.failed).textContent()).toContain(words.failed);
    await popup.page.locator('details[data-group="finished"] > summary').click();
    expect(await popup.row(ids.declined).isVisible()).toBe(true);
  });

  it('names each customer, keeps the full id in the copy button, and ends nothing in storage.local', async () => {
    const row = popup.row(ids.pending);
    expect(await row.locator('.name').textContent()).toBe(names.pending);
    expect(await row.locator('[data-action="copy"]').getAttribute('title')).toBe(ids.pending);
    // No name for this chat: the short id stands in.
    expect(await popup.row(ids.failed).locator('code').textContent()).toBe(`${ids.failed.slice(0, 8)}…`);

    const stored = await dumpExtensionStorage(await browser.worker());
    expect(JSON.stringify(stored.session)).toContain(names.pending);
    for (const area of ['local', 'sync'] as const) {
      for (const name of Object.values(names)) expect(JSON.stringify(stored[area])).not.toContain(name);
    }
    const diagnostics = JSON.stringify(await sendFromPage(popup.page, 'get-diagnostics'));
    expect(diagnostics).toContain(ids.pending);
    for (const name of Object.values(names)) expect(diagnostics).not.toContain(name);
  });

  it('no two parts of any row overlap, and none spills out of the popup', async () => {
    await popup.page.setViewportSize({ width: 420, height: 700 });
    await popup.page.locator('details[data-group="finished"]').evaluate((d) => {
      (d as HTMLDetailsElement).open = true;
    });
    const problems = await rowOverlaps(popup.page);
    expect(problems).toEqual([]);
    // The check looked at real rows: the three states, with their actions.
    expect(await popup.page.locator('#rows li.row button:not([data-action="copy"])').count()).toBe(3);
  });

  it('End and Offer again name the customer; Offer again reaches the customer again', async () => {
    expect(
      await popup
        .row(ids.pending)
        .getByRole('button', { name: `${words.end}${names.pending}` })
        .count(),
    ).toBe(1);
    const offerAgain = { name: `${words.offerAgain}${names.declined}` };
    await popup.row(ids.declined).getByRole('button', offerAgain).click();
    await popup.waitForRow(ids.declined, 'pending');
    expect(emulator.sessions().filter((s) => s.conversationId === ids.declined)).toHaveLength(2);
    expect(await popup.row(ids.declined).getByRole('button', offerAgain).count()).toBe(0);
  });
});
