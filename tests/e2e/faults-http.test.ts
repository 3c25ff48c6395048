import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator/server';
import { signedInDesk } from './fixtures/desk';
import type { ExtensionBrowser } from './fixtures/extension';
import { acceptChat, signIn } from './fixtures/flows';
import { announce, ask, CREATE, creates, sessionsFor, stored } from './support/harness';

// The platform answering badly, the token dying and the network going away, each around one
// accepted chat; every case ends with the exact number of sessions the emulator holds. The log is
// reset before each case, so every create POST it holds belongs to that case's one conversation
// (a canned fault answer is logged without its body).
describe('platform and network faults around one start', () => {
  let emulator: Emulator;
  let browser: ExtensionBrowser;
  let desktop: Page;
  let page: Page;

  signedInDesk((desk) => ({ emulator, browser, page, desktop } = desk));

  const stateOf = async (id: string) => (await stored(browser, id))?.state;
  const settled = async (id: string) => {
    await expect.poll(() => stateOf(id), { timeout: 15_000 }).toMatch(/^(pending|failed|needs-sign-in)$/);
    return (await stored(browser, id)) ?? expect.unreachable('no record');
  };

  it('a response lost after the server committed: one session, adopted', async () => {
    const { id } = emulator.createConversation();
    emulator.injectFault(CREATE, { closeAfterCommit: true, times: 1 });
    await acceptChat(desktop, id);
    const record = await settled(id);
    expect(sessionsFor(emulator, id)).toHaveLength(1);
    expect(record).toMatchObject({ state: 'pending', sessionId: sessionsFor(emulator, id)[0]?.id });
    // Chromium may re-send the POST itself on the closed keep-alive connection; the copy carries
    // the same externalSessionId and the platform refuses it, so nothing is ever created twice.
    const ids = new Set(
      creates(emulator).map((r) => (r.body as { externalSessionId: string }).externalSessionId),
    );
    expect(ids.size).toBe(1);
  });

  it('503 three times, then success: backed off and looked up before each retry, one session', async () => {
    const { id } = emulator.createConversation();
    emulator.injectFault(CREATE, { status: 503, times: 3 });
    await acceptChat(desktop, id);
    expect(await settled(id)).toMatchObject({ state: 'pending' });
    expect(creates(emulator).map((r) => r.status)).toEqual([503, 503, 503, 201]);
    // Each retry is a new attempt after a lookup (a 503 from a gateway does not prove nothing was
    // created); the waits grow (≈0.5, 1, 2 s: tests/e2e/backoff.test.ts checks them).
    expect((await stored(browser, id))?.attempts).toHaveLength(4);
    expect(sessionsFor(emulator, id)).toHaveLength(1);
  });

  it('429 with Retry-After: 2: the next attempt comes no sooner than 2 s later', async () => {
    const { id } = emulator.createConversation();
    emulator.injectFault(CREATE, { status: 429, retryAfter: 2, times: 1 });
    await acceptChat(desktop, id);
    expect(await settled(id)).toMatchObject({ state: 'pending' });
    const [first, second, ...rest] = creates(emulator);
    expect([first?.status, second?.status, rest.length]).toEqual([429, 201, 0]);
    expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(2_000);
    expect(sessionsFor(emulator, id)).toHaveLength(1);
  });

  it.each([
    [500, 'server-error'],
    [400, 'unexplained-400'],
  ])('%i: exactly one POST, no blind retry, failed with %s', async (status, cause) => {
    const { id } = emulator.createConversation();
    emulator.injectFault(CREATE, { status, times: 1 });
    await acceptChat(desktop, id);
    expect(await settled(id)).toMatchObject({ state: 'failed', cause: { code: cause } });
    expect(creates(emulator).map((r) => r.status)).toEqual([status]);
    expect(sessionsFor(emulator, id)).toHaveLength(0);
  });

  it('a token that dies before the POST and cannot be renewed silently waits for sign-in, then starts once', async () => {
    // The platform forgets every token and the agent's login cookie is gone: only the agent can help.
    emulator.expireAllTokens();
    await browser.context.clearCookies();
    const { id } = emulator.createConversation();
    await acceptChat(desktop, id);
    await expect.poll(() => stateOf(id), { timeout: 15_000 }).toBe('needs-sign-in');
    expect(creates(emulator).map((r) => r.status)).toEqual([401]);
    expect(sessionsFor(emulator, id)).toHaveLength(0);

    await signIn(browser, page);
    await expect.poll(() => stateOf(id)).toBe('pending');
    expect(creates(emulator).map((r) => r.status)).toEqual([401, 201]);
    expect(sessionsFor(emulator, id)).toHaveLength(1);
  });

  it('the network is down at accept and back after several failed rounds: the session starts once', async () => {
    const { id } = emulator.createConversation();
    // The desktop already knows the chat is accepted; only the announcement happens offline.
    emulator.acceptConversation(id, 'agent-ada');
    // Every round that fails (the POST, then each lookup) writes the record: count those writes from
    // an extension page, so the outage lasts a number of failed rounds rather than a span of wall time.
    await page.evaluate((key) => {
      const w = window as unknown as { recordWrites: number };
      w.recordWrites = 0;
      chrome.storage.onChanged.addListener((changes, area) => {
        if (area === 'local' && key in changes) w.recordWrites += 1;
      });
    }, `conv:${id}`);
    const writes = () => page.evaluate(() => (window as unknown as { recordWrites: number }).recordWrites);
    // Playwright's offline emulation reaches the service worker too (checked: its fetch fails
    // with "Failed to fetch" while offline), so the worker's POST and lookups fail like a real outage.
    await browser.context.setOffline(true);
    try {
      await announce(desktop, 'accepted', id);
      // The accept's write, the failed POST's, then at least two failed lookups.
      await expect.poll(writes, { timeout: 20_000 }).toBeGreaterThanOrEqual(4);
      expect(await stateOf(id)).toBe('starting');
      expect(creates(emulator)).toHaveLength(0);
    } finally {
      await browser.context.setOffline(false);
    }
    await expect.poll(() => stateOf(id), { timeout: 15_000 }).toBe('pending');
    expect(creates(emulator).map((r) => r.status)).toEqual([201]);
    expect(sessionsFor(emulator, id)).toHaveLength(1);
    const record = await stored(browser, id);
    expect(record?.attempts[0]?.cause?.code).toBe('network');
  });

  it('a sign-in redirect whose state is not the one sent is refused: no code exchange, the old token kept', async () => {
    // The agent's login cookie is set, so the platform redirects at once: with a forged state.
    emulator.injectFault('GET /oauth/authorize', { redirectState: 'forged-by-someone-else', times: 3 });
    const reply = await ask<{ ok: boolean; cause?: string; detail?: string }>(page, 'sign-in');
    expect(reply).toMatchObject({ ok: true, value: { ok: false, cause: 'sign-in-failed' } });
    expect(reply.ok && reply.value.detail).toMatch(/state/);
    const routes = emulator.requestLog().map((r) => `${r.method} ${r.path}`);
    expect(routes).toContain('GET /oauth/authorize');
    expect(routes).not.toContain('POST /oauth/token');
    expect(await ask(page, 'get-status')).toMatchObject({
      ok: true,
      value: { signedIn: true, user: { id: 'agent-ada' } },
    });
  });
});
