// Only types come from ./messages, and chrome.runtime is used directly (it returns promises in MV3):
// the content script imports this file and must stay free of zod classic and the polyfill.
import type { MessageName, Payload, Reply } from './messages';

export type WireReply<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

export class MessageError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'MessageError';
  }
}

/** Sends a message to the worker and unwraps its reply, rethrowing its error with the code intact. */
export async function send<N extends MessageName>(type: N, payload: Payload<N>): Promise<Reply<N>> {
  const reply = (await chrome.runtime.sendMessage({ type, payload })) as WireReply<Reply<N>> | undefined;
  if (!reply) throw new MessageError('no-reply', `The background worker did not answer "${type}".`);
  if (!reply.ok) throw new MessageError(reply.error.code, reply.error.message);
  return reply.value;
}
