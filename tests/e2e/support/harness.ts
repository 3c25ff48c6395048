// Shared by the fault, hostile, secrets and soak suites: counting what the emulator holds, reading
// what the worker stored, and speaking from an extension page that holds no "live" port (the
// popup's port reconnects and would wake a worker a test is trying to stop).
import type { BrowserContext, Frame, Page } from 'playwright-core';
import type { Emulator, LoggedRequest } from '../../../emulator/server';
import type { ConversationRecord } from '../../../src/shared/records';
import type { ExtensionBrowser } from '../fixtures/extension';
import { sendFromPage } from '../fixtures/flows';
import { waitUntil } from '../fixtures/wait';

export const CREATE = 'POST /api/v2/conversations/cobrowse/sessions';
/** The lookup by externalSessionId (and the diagnosis by conversationId) share this route. */
export const LIST = 'GET /api/v2/conversations/cobrowse/sessions';
export const USERS_ME = 'GET /api/v2/users/me';

export const routeOf = (r: LoggedRequest) => `${r.method} ${r.path}`;

/** Every create POST the emulator saw, in order. */
export function creates(emulator: Emulator): LoggedRequest[] {
  return emulator.requestLog().filter((r) => routeOf(r) === CREATE);
}

/** POSTs for one conversation (the emulator logs the create body). */
export function createsFor(emulator: Emulator, conversationId: string): LoggedRequest[] {
  return creates(emulator).filter(
    (r) =>
      (r.body as { target?: { conversationId?: string } } | undefined)?.target?.conversationId ===
      conversationId,
  );
}

export function sessionsFor(emulator: Emulator, conversationId: string) {
  return emulator.sessions().filter((s) => s.conversationId === conversationId);
}

/** A request the emulator received and has not answered yet (held by a delay or hang fault). */
export function held(emulator: Emulator, route: string): boolean {
  return emulator.requestLog().some((r) => routeOf(r) === route && r.status === null);
}

export async function stored(browser: ExtensionBrowser, id: string): Promise<ConversationRecord | undefined> {
  const worker = await browser.worker();
  return worker.evaluate(async (key) => (await chrome.storage.local.get(key))[key], `conv:${id}`) as Promise<
    ConversationRecord | undefined
  >;
}

/** An extension page for sending extension-only messages (no port, so it never wakes the worker). */
export async function quietPage(browser: ExtensionBrowser): Promise<Page> {
  return browser.openOptions();
}

export async function ask<T = unknown>(page: Page, type: string, payload: unknown = {}) {
  return (await sendFromPage(page, type, payload)) as
    | { ok: true; value: T }
    | { ok: false; error: { code: string; message: string } };
}

/** The desktop announcing a chat the way its own script does (the page event). */
export async function announce(page: Page, kind: 'accepted' | 'ended', conversationId: string) {
  await page.evaluate(
    ([k, id]) =>
      window.dispatchEvent(new CustomEvent(`cobrowse:chat-${k}`, { detail: { conversationId: id } })),
    [kind, conversationId] as const,
  );
}

/** A page or frame announcing an accepted chat both ways the detector listens for: DOM and event. */
export async function announceBothWays(target: Page | Frame, conversationId: string) {
  await target.evaluate((id) => {
    const el = document.createElement('div');
    el.setAttribute('data-cobrowse-conversation-id', id);
    el.setAttribute('data-cobrowse-state', 'accepted');
    document.body.append(el);
    window.dispatchEvent(new CustomEvent('cobrowse:chat-accepted', { detail: { conversationId: id } }));
  }, conversationId);
}

export interface ConsoleLine {
  type: string;
  text: string;
  where: string;
}

/** Every console line of every page and worker in the context, from now on. */
export function recordConsole(context: BrowserContext): ConsoleLine[] {
  const lines: ConsoleLine[] = [];
  context.on('console', (message) => {
    const where = message.worker()?.url() ?? message.page()?.url() ?? 'unknown';
    lines.push({ type: message.type(), text: message.text(), where });
  });
  return lines;
}

export const fromExtension = (id: string) => (line: ConsoleLine) =>
  line.where.startsWith(`chrome-extension://${id}/`);

/** The Chromium tab id of a page, as the worker sees it. */
export async function tabIdOf(browser: ExtensionBrowser, page: Page): Promise<number> {
  const worker = await browser.worker();
  const url = page.url();
  const id = await waitUntil(
    () => worker.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id, url),
    (found) => found !== undefined,
    { what: `a tab showing ${url}` },
  );
  return id as number;
}
