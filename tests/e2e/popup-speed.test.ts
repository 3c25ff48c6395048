import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../emulator/server';
import { ConversationRecord } from '../../src/shared/records';
import { type ExtensionBrowser, launchExtension } from './fixtures/extension';
import { configure, signIn } from './fixtures/flows';
import { PopupPage } from './pages/popup';

const ROWS = 50;
const AGENT = 'agent-ada';

// A full history: one status request, one synchronous render of every row. The history is seeded
// (issue 14): 50 real starts through the worker took seconds and are what autostart, soak and the
// fault suites prove; this file is about the popup. Each seeded record is parsed by the worker's own
// schema, and each waiting one points at a session the emulator really holds for the agent, so the
// worker following it while the popup is open finds it as the record says.
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
    const worker = await browser.worker();
    const { auth } = (await worker.evaluate(() => chrome.storage.session.get('auth'))) as {
      auth: { accessToken: string };
    };

    // Four in five chats accepted, their sessions pending; every fifth not (a diagnosed failure).
    const now = Date.now();
    const records: Record<string, ConversationRecord> = {};
    for (let i = 0; i < ROWS; i++) {
      const { id } = emulator.createConversation({ id: `conv-${String(i).padStart(3, '0')}` });
      const acceptedAt = now - (ROWS - i) * 1000; // conv-049 is the newest
      const externalSessionId = randomUUID();
      const base = { conversationId: id, source: 'page-event', userId: AGENT, acceptedAt };
      const attempt = { externalSessionId, startedAt: acceptedAt + 10, finishedAt: acceptedAt + 60 };
      if (i % 5 === 0) {
        const cause = { code: 'agent-not-connected' } as const;
        records[`conv:${id}`] = ConversationRecord.parse({
          ...base,
          state: 'failed',
          updatedAt: acceptedAt + 60,
          cause,
          attempts: [{ ...attempt, httpStatus: 400, cause }],
        });
        continue;
      }
      emulator.acceptConversation(id, AGENT);
      const created = await fetch(`${emulator.url}/api/v2/conversations/cobrowse/sessions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${auth.accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          externalSessionId,
          initiator: { type: 'agent', id: AGENT },
          target: { type: 'customer', conversationId: id },
        }),
      });
      if (created.status !== 201) throw new Error(`seeding ${id}: the emulator answered ${created.status}`);
      const session = (await created.json()) as { id: string; joinUrl: string; expiresAt: string };
      records[`conv:${id}`] = ConversationRecord.parse({
        ...base,
        state: 'pending',
        updatedAt: acceptedAt + 60,
        sessionId: session.id,
        joinUrl: session.joinUrl,
        expiresAt: session.expiresAt,
        attempts: [{ ...attempt, httpStatus: 201 }],
      });
    }
    await worker.evaluate((all) => chrome.storage.local.set(all), records);
    // The worker keeps a mirror of the records for its life; a restart reads the seeded ones.
    await page.close();
    await browser.stopWorker();
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
