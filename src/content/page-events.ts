import * as z from 'zod/mini';

export const ACCEPTED_EVENT = 'cobrowse:chat-accepted';
export const ENDED_EVENT = 'cobrowse:chat-ended';

const Detail = z.object({ conversationId: z.unknown(), customerName: z.optional(z.unknown()) });

export type Report = (kind: 'accepted' | 'ended', rawId: unknown, origin: string, rawName?: unknown) => void;

/**
 * The desktop's own announcement: `window` events whose detail names the conversation. The detail
 * comes from page script, so it is parsed like any other untrusted input.
 */
export function watchPageEvents(report: Report, signal: AbortSignal): void {
  const listen = (type: string, kind: 'accepted' | 'ended') =>
    window.addEventListener(
      type,
      (event) => {
        const detail = Detail.safeParse((event as CustomEvent).detail);
        const data = detail.success ? detail.data : undefined;
        report(kind, data?.conversationId, `page event "${type}"`, data?.customerName);
      },
      { signal },
    );
  listen(ACCEPTED_EVENT, 'accepted');
  listen(ENDED_EVENT, 'ended');
}
