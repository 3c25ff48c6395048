import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../emulator/server';
import { type ExtensionBrowser, launchExtension } from './fixtures/extension';
import { acceptChat, configure, openDesktop, record, sendFromPage, signIn } from './fixtures/flows';
import { PopupPage } from './pages/popup';

// The rows an agent watches: a live session from pending to active to ended, a diagnosed failure
// with its cause sentence and Retry, and the manual start when auto-start is off.
describe('popup conversation rows', () => {
  let browser: ExtensionBrowser;
  let emulator: Emulator;
  let popup: PopupPage;
  beforeAll(async () => {
    [browser, emulator] = await Promise.all([launchExtension(), startEmulator()]);
    await configure(browser, emulator);
    await signIn(browser, await browser.openPopup());
    popup = await PopupPage.open(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await emulator?.close();
  });

  it('shows a pending row, turns it active within about a second, and End ends it', async () => {
    const { id } = emulator.createConversation();
    await acceptChat(await openDesktop(browser, emulator), id);
    const row = await popup.waitForRow(id, 'pending');
    expect(await row.textContent()).toContain('Waiting for customer');
    // The emulator's desktop announces the customer's name with the accept.
    const name = await row.locator('.name').textContent();
    expect(name).toMatch(/\w/);
    expect(await row.locator('[data-action="copy"]').getAttribute('title')).toBe(id);
    expect(await row.getByRole('button', { name: `End co-browse for ${name}` }).isVisible()).toBe(true);
    expect(await row.locator('time').textContent()).toMatch(/^\d+ s ago$/);

    const customer = await browser.context.newPage();
    await customer.goto(`${emulator.url}/customer/${id}`);
    await customer.getByRole('button', { name: 'Allow' }).click();
    // The open popup holds the "live" port, so the worker polls every second.
    await popup.waitForRow(id, 'active');
    expect(await row.textContent()).toContain('Active');

    await row.getByRole('button', { name: /^End/ }).click();
    await popup.waitForRow(id, 'ended');
    expect(await row.isVisible()).toBe(false); // finished rows are collapsed
    await popup.page.locator('details[data-group="finished"] > summary').click();
    expect(await row.getByRole('button').count()).toBe(1); // only the copy button is left
    expect(await row.locator('.detail').textContent()).toBe('You ended co-browse.');
    expect(await row.locator('time').count()).toBe(0); // a finished row's clock stops
    expect(emulator.sessions().find((s) => s.conversationId === id)?.state).toBe('ended');
  });

  it('explains a failed start in one sentence, and Retry starts a new attempt', async () => {
    // Not accepted by the agent: the platform refuses, and the worker's diagnosis names why.
    const { id } = emulator.createConversation();
    await sendFromPage(popup.page, 'start-session', { conversationId: id });
    const row = await popup.waitForRow(id, 'failed');
    expect(await row.locator('.cause').textContent()).toBe(
      'You are not yet a connected participant of this chat: accept it in the desktop, then press Retry.',
    );
    expect(await row.textContent()).toContain('Failed');
    expect((await record(browser, id))?.attempts).toHaveLength(1);

    emulator.acceptConversation(id, 'agent-ada');
    await row.getByRole('button', { name: /^Retry/ }).click();
    await popup.waitForRow(id, 'pending');
    expect((await record(browser, id))?.attempts).toHaveLength(2);
    expect(await popup.row(id).locator('.cause').count()).toBe(0);
    expect(emulator.sessions().filter((s) => s.conversationId === id)).toHaveLength(1);
  });

  it('lists rows newest first and copies a full id', async () => {
    const ids = await popup.rowIds();
    const records = await Promise.all(ids.map((id) => record(browser, id)));
    const accepted = records.map((r) => (r as unknown as { acceptedAt: number }).acceptedAt);
    expect(accepted).toEqual([...accepted].sort((a, b) => b - a));
    const first = ids[0] ?? '';
    await popup
      .row(first)
      .getByRole('button', { name: /^Copy conversation id of/ })
      .click();
    await popup.waitForText(popup.status, 'Conversation id copied.');
  });

  it('gives each accepted chat its own Start button when auto-start is off', async () => {
    await popup.autoStart.uncheck();
    await popup.page.waitForFunction(
      async () =>
        ((await chrome.storage.sync.get('settings')).settings as { autoStart?: boolean } | undefined)
          ?.autoStart === false,
    );
    const desktop = await openDesktop(browser, emulator);
    const first = emulator.createConversation().id;
    const second = emulator.createConversation().id;
    await acceptChat(desktop, first);
    await acceptChat(desktop, second);
    await popup.waitForRow(first, 'accepted');
    await popup.waitForRow(second, 'accepted');
    expect(await record(browser, first)).toBeUndefined(); // nothing starts by itself

    const name = await popup.row(second).locator('.name').textContent();
    await popup
      .row(second)
      .getByRole('button', { name: `Start co-browse for ${name}` })
      .click();
    await popup.waitForRow(second, 'pending');
    // The other chat is left alone, still offering its own Start.
    expect(await record(browser, first)).toBeUndefined();
    expect(
      await popup
        .row(first)
        .getByRole('button', { name: /^Start co-browse for/ })
        .count(),
    ).toBe(1);
    expect(emulator.sessions().filter((s) => s.conversationId === first)).toHaveLength(0);
  });
});
