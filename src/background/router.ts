import browser from 'webextension-polyfill';
import type * as z from 'zod/mini';
import { matchesAny } from '../shared/match-pattern';
import { Envelope, type MessageMap, type MessageName, messages } from '../shared/messages';
import type { WireReply } from '../shared/send';
import { getSettings } from './settings';

export interface Sender {
  tabId?: number;
  url?: string;
}

export type Handlers = {
  [N in MessageName]: (
    payload: z.output<MessageMap[N]['payload']>,
    sender: Sender,
  ) => Promise<z.input<MessageMap[N]['reply']>>;
};

export class RefusedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The worker's one message entry: checks who is asking, parses the payload with the map's schema,
 * runs the handler and always answers `{ ok, value | error }`, so no input can crash the worker.
 */
export function createRouter(handlers: Handlers) {
  return async (raw: unknown, sender: browser.Runtime.MessageSender): Promise<WireReply<unknown>> => {
    try {
      const envelope = Envelope.safeParse(raw);
      if (!envelope.success) throw new RefusedError('bad-message', 'A message must be { type, payload }.');
      const type = envelope.data.type;
      if (!Object.hasOwn(messages, type))
        throw new RefusedError('unknown-message', `Unknown message "${type.slice(0, 64)}".`);
      const spec = messages[type as MessageName];
      await checkSender(spec.from, sender, type);
      const payload = spec.payload.safeParse(envelope.data.payload);
      if (!payload.success) {
        const issue = payload.error.issues[0];
        throw new RefusedError(
          'bad-payload',
          `"${type}": ${issue?.path.join('.') || 'payload'} ${issue?.message ?? 'is invalid'}`,
        );
      }
      const handler = handlers[type as MessageName] as (p: unknown, s: Sender) => Promise<unknown>;
      const value = await handler(payload.data, { tabId: sender.tab?.id, url: sender.url });
      return { ok: true, value };
    } catch (error) {
      const code = error instanceof RefusedError ? error.code : 'failed';
      const message = error instanceof Error ? error.message : String(error);
      if (!(error instanceof RefusedError)) console.error('Message handler failed:', message);
      return { ok: false, error: { code, message } };
    }
  };
}

/**
 * Trust only what Chromium fills in: the sender's extension id, tab, frame and URL. A content
 * message must come from a top frame of a desktop page the settings allow; everything else from
 * one of our own pages.
 */
async function checkSender(
  from: 'content' | 'extension',
  sender: browser.Runtime.MessageSender,
  type: string,
) {
  if (sender.id !== browser.runtime.id)
    throw new RefusedError('forbidden-sender', `"${type}" from another extension.`);
  const ownPage = sender.url?.startsWith(browser.runtime.getURL('')) ?? false;
  if (from === 'extension') {
    if (!ownPage)
      throw new RefusedError('forbidden-sender', `"${type}" is only accepted from the extension's pages.`);
    return;
  }
  if (ownPage || sender.tab?.id === undefined || sender.frameId !== 0) {
    throw new RefusedError('forbidden-sender', `"${type}" is only accepted from a desktop page's top frame.`);
  }
  const { settings } = await getSettings();
  if (!matchesAny(sender.url, settings.desktopUrlPatterns)) {
    throw new RefusedError('forbidden-sender', `"${type}" from a page outside the desktop URL patterns.`);
  }
}
