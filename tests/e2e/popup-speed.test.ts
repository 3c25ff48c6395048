import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../emulator/server';
import { type ExtensionBrowser, launchExtension } from './fixtures/extension';
import { configure, sendFromPage, signIn } from './fixtures/flows';
import { PopupPage } from './pages/popup';

const ROWS = 50;

// The popup must open fast with a full history: one status request, one synchronous render.
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

  it('renders all rows, newest first, within 100 ms of its script starting', async () => {
    // Best of three openings: one shared CI core can stall any single one for reasons not ours.
    // What our code controls (status request + render, from the script's start) must fit 100 ms;
    // the whole opening, page creation included, is logged and only guarded against gross regressions.
    const timings: { painted: number; script: number; render: number }[] = [];
    let popup: PopupPage | undefined;
    for (let i = 0; i < 3; i++) {
      await popup?.page.close();
      popup = await PopupPage.open(browser);
      timings.push(
        await popup.page.evaluate(() => ({
          painted: performance.getEntriesByName('popup-rendered')[0]?.startTime ?? Number.NaN,
          script: performance.getEntriesByName('popup-script')[0]?.startTime ?? Number.NaN,
          render: performance.getEntriesByName('popup-render')[0]?.duration ?? Number.NaN,
        })),
      );
    }
    const shown = timings
      .map(
        (t) =>
          `${t.painted.toFixed(0)} ms (script at ${t.script.toFixed(0)}, render ${t.render.toFixed(1)} ms)`,
      )
      .join(', ');
    console.log(`popup with ${ROWS} rows, status painted after navigation: ${shown}`);
    const best = (pick: (t: (typeof timings)[number]) => number) => Math.min(...timings.map(pick));
    expect(best((t) => t.painted - t.script)).toBeLessThan(100);
    expect(best((t) => t.render)).toBeLessThan(50);
    expect(best((t) => t.painted)).toBeLessThan(250);

    if (!popup) throw new Error('the popup did not open');
    const ids = await popup.rowIds();
    expect(ids).toHaveLength(ROWS);
    expect(ids[0]).toBe('conv-049');
    expect(await popup.row('conv-000').locator('.cause').textContent()).toContain(
      'You are not yet a connected participant',
    );
    expect(await popup.row('conv-001').getAttribute('data-state')).toBe('pending');
  });
});
