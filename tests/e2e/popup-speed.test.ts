import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../emulator/server';
import { type ExtensionBrowser, launchExtension } from './fixtures/extension';
import { configure, sendFromPage, signIn } from './fixtures/flows';
import { PopupPage } from './pages/popup';

const ROWS = 50;

// A full history: one status request, one synchronous render of every row.
describe('popup with 50 conversations', () => {
  let browser: ExtensionBrowser;
  let emulator: Emulator;
  beforeAll(async () => {
    [browser, emulator] = await Promise.all([
      launchExtension(),
      startEmulator({ rateLimit: { max: 10_000, windowMs: 1000 } }),
    ]);
    await configure(browser, emulator);
    const page = await browser.openPopup();
    await signIn(browser, page);
    // Four in five chats accepted (their sessions go pending), every fifth not (a diagnosed failure).
    for (let i = 0; i < ROWS; i++) {
      const { id } = emulator.createConversation({ id: `conv-${String(i).padStart(3, '0')}` });
      if (i % 5 !== 0) emulator.acceptConversation(id, 'agent-ada');
      await sendFromPage(page, 'start-session', { conversationId: id });
    }
    await page.waitForFunction(async (rows) => {
      const all = Object.entries(await chrome.storage.local.get(null)).filter(([key]) =>
        key.startsWith('conv:'),
      );
      return (
        all.length === rows &&
        all.every(([, r]) => ['pending', 'failed'].includes((r as { state: string }).state))
      );
    }, ROWS);
    await page.close();
  });
  afterAll(async () => {
    await browser?.close();
    await emulator?.close();
  });

  // How fast it opens is measured by the benchmark (`npm run bench`, "Popup open → 50 rows
  // painted"), not asserted here: timed assertions make CI flaky.
  it('renders all rows, failures first, newest first within each group, failures with their cause', async () => {
    const popup = await PopupPage.open(browser);
    const ids = await popup.rowIds();
    expect(ids).toHaveLength(ROWS);
    expect(ids[0]).toBe('conv-045'); // the newest failure
    expect(ids[ROWS / 5]).toBe('conv-049'); // then the newest waiting for the customer
    expect(await popup.row('conv-000').locator('.cause').textContent()).toContain(
      'You are not yet a connected participant',
    );
    expect(await popup.row('conv-001').getAttribute('data-state')).toBe('pending');
  });
});
