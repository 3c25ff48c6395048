import type { Page } from 'playwright-core';
import type { LoggedRequest } from '../../emulator/server';
import { waitUntil } from '../../tests/e2e/fixtures/wait';
import { AGENT, CREATE_PATH, type Harness } from './harness';

/**
 * Stamps the clock right before the desktop's announcement, as the desktop itself would, and
 * returns the stamp (epoch ms on the machine clock, like the emulator's receivedAt).
 */
export function announce(page: Page, kind: 'accepted' | 'ended', conversationId: string): Promise<number> {
  return page.evaluate(
    ([k, id]) => {
      const event = new CustomEvent(`cobrowse:chat-${k}`, { detail: { conversationId: id } });
      const stamp = performance.timeOrigin + performance.now();
      window.dispatchEvent(event);
      return stamp;
    },
    [kind, conversationId] as const,
  );
}

/** The floor: a plain fetch of the same create body, same headers, same origin as the desktop. */
export function floorPost(page: Page, conversationId: string, token: string): Promise<number> {
  return page.evaluate(
    ([id, bearer, path, agent]) => {
      const body = JSON.stringify({
        externalSessionId: crypto.randomUUID(),
        initiator: { type: 'agent', id: agent },
        target: { type: 'customer', conversationId: id },
      });
      const headers = {
        accept: 'application/json',
        'content-type': 'application/json',
        authorization: `Bearer ${bearer}`,
      };
      const stamp = performance.timeOrigin + performance.now();
      // An unknown conversation: the emulator logs it and answers 400, creating nothing.
      void fetch(path, { method: 'POST', headers, body }).catch(() => undefined);
      return stamp;
    },
    [conversationId, token, CREATE_PATH, AGENT] as const,
  );
}

const bodyConversation = (entry: LoggedRequest) =>
  (entry.body as { target?: { conversationId?: unknown } } | undefined)?.target?.conversationId;

/** The create POST the emulator received for a conversation, once answered (in-process, no browser). */
export async function createReceived(h: Harness, conversationId: string, timeout = 10_000) {
  const entry = await waitUntil(
    async () =>
      h.emulator
        .requestLog()
        .find(
          (e) =>
            e.method === 'POST' &&
            e.path === CREATE_PATH &&
            e.status !== null &&
            bodyConversation(e) === conversationId,
        ),
    (found) => found !== undefined,
    { timeout, interval: 2, what: `the create POST for ${conversationId}` },
  );
  return entry as LoggedRequest;
}

/** Create POSTs per conversation, whatever the answer: more than one is a duplicate start. */
export function postsPerConversation(h: Harness): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of h.emulator.requestLog()) {
    if (e.method !== 'POST' || e.path !== CREATE_PATH) continue;
    const id = String(bodyConversation(e));
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
