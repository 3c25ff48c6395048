import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Emulator, LoggedRequest } from '../../emulator/server';
import { ConversationRecord } from '../../src/shared/records';
import { signedInDesk } from './fixtures/desk';
import type { ExtensionBrowser } from './fixtures/extension';
import { acceptChat, record } from './fixtures/flows';
import { PopupPage } from './pages/popup';
import {
  announce,
  ask,
  type ConsoleLine,
  creates,
  createsFor,
  recordConsole,
  sessionsFor,
  tabIdOf,
} from './support/harness';
import { sendAsContentScript } from './support/isolated';

// Issue 11, the lifecycle's edges in real Chromium: item 6 (a session the platform no longer knows;
// stale starts found at a wake-up) and item 8 (conversation ids "." and ".."). Their unit tests are
// tests/unit/start.test.ts, machine.test.ts and conversation-id.test.ts; here the same rules are
// checked through the built extension, the emulator's request log and the popup.

const SESSIONS = '/api/v2/conversations/cobrowse/sessions';
const AGENT = 'agent-ada';
/** The stale bound for this file (the default is 15): records 10 minutes old are stale only by the setting. */
const STALE_MINUTES = 5;

describe('lifecycle edges (issue 11 items 6 and 8)', () => {
  let emulator: Emulator;
  let browser: ExtensionBrowser;
  let page: Page;
  let desktop: Page;
  let consoleLines: ConsoleLine[] = [];

  signedInDesk((desk) => ({ emulator, browser, page, desktop } = desk), {
    settings: { staleStartMinutes: STALE_MINUTES },
    launched: (b) => {
      consoleLines = recordConsole(b.context);
    },
  });

  /** A chat on the desktop, accepted by the agent there: its record reaches pending. */
  async function pendingChat(): Promise<{ id: string; sessionId: string }> {
    const { id } = emulator.createConversation();
    await acceptChat(desktop, id);
    await expect.poll(async () => (await record(browser, id))?.state).toBe('pending');
    const sessionId = (await record(browser, id))?.sessionId;
    if (!sessionId) throw new Error(`${id}: pending without a session id`);
    return { id, sessionId };
  }

  const toSession = (sessionId: string) => (r: LoggedRequest) => r.path === `${SESSIONS}/${sessionId}`;

  /**
   * Waits until the popup's follow loop has read `control` (a session still pending) `polls` more
   * times after `since`: later than that, a retry of the forgotten session would have been sent too.
   */
  async function afterPolls(control: string, since: number, polls = 2) {
    await expect
      .poll(
        () =>
          emulator
            .requestLog()
            .filter((r) => r.method === 'GET' && toSession(control)(r) && r.receivedAt > since).length,
        { timeout: 8_000 },
      )
      .toBeGreaterThanOrEqual(polls);
  }

  /** The sentence under a row (finished rows are collapsed, their text is there all the same). */
  const detailOf = (popup: PopupPage, id: string) => popup.row(id).locator('.detail').textContent();

  describe('item 6: a session the platform no longer knows', () => {
    it('pending, forgotten by the platform: one GET answers 404, the row ends "no longer on the platform", no retry', async () => {
      const gone = await pendingChat();
      const control = await pendingChat();
      const popup = await PopupPage.open(browser); // its port makes the worker follow every second
      emulator.forgetSession(gone.sessionId);
      const forgotAt = Date.now();

      await popup.waitForRow(gone.id, 'ended');
      expect(await record(browser, gone.id)).toMatchObject({
        state: 'ended',
        endReason: 'no-longer-on-platform',
      });
      expect(await detailOf(popup, gone.id)).toContain('no longer on the platform');

      const [notFound] = emulator
        .requestLog()
        .filter((r) => toSession(gone.sessionId)(r) && r.status === 404);
      expect(notFound?.method).toBe('GET');
      await afterPolls(control.sessionId, notFound?.receivedAt ?? 0);
      const afterForgetting = emulator
        .requestLog()
        .filter((r) => toSession(gone.sessionId)(r) && r.receivedAt >= forgotAt);
      expect(afterForgetting.map((r) => `${r.method} ${r.status}`)).toEqual(['GET 404']);
      expect(await popup.row(control.id).getAttribute('data-state')).toBe('pending');
      await popup.page.close();
    });

    it('active, forgotten, then the chat ends: one DELETE answers 404, the row ends "no longer on the platform", no retry', async () => {
      const gone = await pendingChat();
      const control = await pendingChat();
      const allowed = await fetch(`${emulator.url}/customer/api/sessions/${gone.sessionId}/allow`, {
        method: 'POST',
      });
      expect(allowed.ok).toBe(true);
      let popup = await PopupPage.open(browser);
      await popup.waitForRow(gone.id, 'active');
      // No popup, no follow loop: the chat's end is what asks the platform next (a DELETE).
      await popup.page.close();
      emulator.forgetSession(gone.sessionId);
      const forgotAt = Date.now();
      await desktop.getByTestId(`chat-${gone.id}`).getByRole('button', { name: 'End' }).click();

      await expect.poll(async () => (await record(browser, gone.id))?.state).toBe('ended');
      expect(await record(browser, gone.id)).toMatchObject({
        endReason: 'no-longer-on-platform',
        chatEnded: true,
      });
      const [notFound, ...more] = emulator
        .requestLog()
        .filter((r) => toSession(gone.sessionId)(r) && r.status === 404);
      expect(notFound?.method).toBe('DELETE');
      expect(more).toEqual([]);

      // With the popup open the worker follows every second; the ended record is never asked again.
      popup = await PopupPage.open(browser);
      expect(await detailOf(popup, gone.id)).toContain('no longer on the platform');
      await afterPolls(control.sessionId, notFound?.receivedAt ?? 0);
      const afterForgetting = emulator
        .requestLog()
        .filter((r) => toSession(gone.sessionId)(r) && r.receivedAt >= forgotAt);
      expect(afterForgetting.map((r) => `${r.method} ${r.status}`)).toEqual(['DELETE 404']);
      await popup.page.close();
    });
  });

  describe('item 6: starts that waited longer than the bound expire at the next wake-up', () => {
    it('stale starting and needs-sign-in records end as expired-before-start, never POSTed; fresh ones start', async () => {
      const now = Date.now();
      const old = now - 2 * STALE_MINUTES * 60_000; // stale only because of this file's setting
      const fresh = now - 30_000;
      const seeded: Record<string, ConversationRecord> = {};
      const seed = (state: 'starting' | 'needs-sign-in', acceptedAt: number) => {
        // Chats the agent really is connected to: a POST for any of them would succeed.
        const { id } = emulator.createConversation();
        emulator.acceptConversation(id, AGENT);
        // A start whose worker died with its POST perhaps in flight holds the attempt to look up.
        const externalSessionId = randomUUID();
        const attempt = state === 'starting' ? { pendingExternalSessionId: externalSessionId } : {};
        seeded[`conv:${id}`] = ConversationRecord.parse({
          conversationId: id,
          state,
          source: 'page-event',
          userId: AGENT,
          acceptedAt,
          updatedAt: acceptedAt + 50,
          stateSince: acceptedAt + 50,
          ...attempt,
          attempts: state === 'starting' ? [{ externalSessionId, startedAt: acceptedAt + 10 }] : [],
        });
        return id;
      };
      const stale = [seed('starting', old), seed('needs-sign-in', old)];
      const started = [seed('starting', fresh), seed('needs-sign-in', fresh)];
      // Written as the worker's own schema parses them; the worker mirrors records for its life, so
      // it is stopped and the next event (the popup's port) wakes it to find them.
      await (await browser.worker()).evaluate((all) => chrome.storage.local.set(all), seeded);
      await browser.stopWorker();

      const popup = await PopupPage.open(browser);
      for (const id of stale) {
        await popup.waitForRow(id, 'ended');
        expect(await record(browser, id)).toMatchObject({
          state: 'ended',
          endReason: 'expired-before-start',
        });
        expect(await detailOf(popup, id)).toBe('Not started: the chat was accepted too long ago.');
      }
      for (const id of started) await popup.waitForRow(id, 'pending');
      for (const id of started) expect(createsFor(emulator, id)).toHaveLength(1);
      for (const id of stale) {
        expect(createsFor(emulator, id)).toEqual([]);
        expect(sessionsFor(emulator, id)).toEqual([]);
      }
      await popup.page.close();
    });
  });

  describe('item 8: conversation ids "." and ".." are refused', () => {
    const REFUSED = ['.', '..', '%2e%2e'];

    /**
     * Every path the emulator was asked is one of the API's own, with a session id the emulator made
     * (records of earlier tests are still followed) or a conversation the test named; none holds or
     * was resolved by a dot segment (".." would make the diagnosis read GET /api/v2/).
     */
    function expectNoChangedPath(known: string[]) {
      const session = new RegExp(`^${SESSIONS}/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$`);
      const allowed = new Set([
        '/api/v2/users/me',
        SESSIONS,
        ...known.map((id) => `/api/v2/conversations/${id}`),
      ]);
      const api = emulator.requestLog().filter((r) => r.path.startsWith('/api/'));
      expect(api.map((r) => r.path).filter((path) => !allowed.has(path) && !session.test(path))).toEqual([]);
      for (const r of emulator.requestLog()) {
        expect(r.path.split('/').filter((segment) => /^(\.|\.\.|%2e%2e|%2e)$/i.test(segment))).toEqual([]);
      }
    }

    /**
     * The desktop announces `id` both ways the detector listens for: its page event, and a chat
     * panel whose state turns to accepted (an attribute change, seen at once; an insertion would wait
     * for the next sweep).
     */
    async function announceBothWays(id: string) {
      await announce(desktop, 'accepted', id);
      await desktop.evaluate((chat) => {
        const el = document.createElement('div');
        el.setAttribute('data-cobrowse-conversation-id', chat);
        el.className = 'announced-chat';
        document.body.append(el);
        el.setAttribute('data-cobrowse-state', 'accepted');
      }, id);
    }

    it('from a page event and a DOM rule: warned in the page console, nothing sent, nothing recorded', async () => {
      const warnings = (from: number) =>
        consoleLines
          .slice(from)
          .filter((l) => l.type === 'warning' && l.where === desktop.url())
          .map((l) => l.text);
      const fromEvent =
        /^Cobrowse Autostart: ignored page event "cobrowse:chat-accepted": the conversation id must be .*other than "\." and "\.\."/;
      const fromDom = /^Cobrowse Autostart: ignored DOM rule "\[data-cobrowse-conversation-id\]/;
      const before = consoleLines.length;
      for (const id of REFUSED) {
        const from = consoleLines.length;
        await announceBothWays(id);
        await expect
          .poll(() => warnings(from))
          .toEqual(
            expect.arrayContaining([expect.stringMatching(fromEvent), expect.stringMatching(fromDom)]),
          );
      }
      // The control, announced the same two ways afterwards, is started: the detector was listening.
      const { id: control } = emulator.createConversation();
      emulator.acceptConversation(control, AGENT);
      await announceBothWays(control);
      await expect.poll(async () => (await record(browser, control))?.state).toBe('pending');
      // One warning per announcement, each way: a refused element is not warned about again at each sweep.
      const all = warnings(before);
      expect(all.filter((text) => fromEvent.test(text))).toHaveLength(REFUSED.length);
      expect(all.filter((text) => fromDom.test(text))).toHaveLength(REFUSED.length);

      for (const id of REFUSED) expect(await record(browser, id)).toBeUndefined();
      expect(
        creates(emulator).map(
          (r) => (r.body as { target: { conversationId: string } }).target.conversationId,
        ),
      ).toEqual([control]);
      expectNoChangedPath([control]);
      await desktop.evaluate(() => {
        for (const el of document.querySelectorAll('.announced-chat')) el.remove();
      });
    });

    it('the worker refuses them too when a content script sends them', async () => {
      const tabId = await tabIdOf(browser, desktop);
      for (const conversationId of REFUSED) {
        for (const type of ['chat-accepted', 'chat-ended']) {
          const [sent] = await sendAsContentScript(browser, tabId, {
            type,
            payload: { conversationId, source: 'page-event' },
          });
          expect(sent?.reply, `${type} ${conversationId}`).toMatchObject({
            ok: false,
            error: { code: 'bad-payload' },
          });
        }
        expect(await record(browser, conversationId)).toBeUndefined();
      }
      // Nor from an extension page (the popup's Start and End).
      for (const conversationId of REFUSED) {
        for (const type of ['start-session', 'end-session']) {
          expect(await ask(page, type, { conversationId }), `${type} ${conversationId}`).toMatchObject({
            ok: false,
            error: { code: 'bad-payload' },
          });
        }
      }
      expect(creates(emulator)).toEqual([]);
      expectNoChangedPath([]);
    });
  });
});
