import * as z from 'zod/mini';

export const ACCEPTED_EVENT = 'cobrowse:chat-accepted';
export const ENDED_EVENT = 'cobrowse:chat-ended';

const Detail = z.object({ conversationId: z.unknown() });

export type Report = (kind: 'accepted' | 'ended', rawId: unknown, origin: string) => void;

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
        report(kind, detail.success ? detail.data.conversationId : undefined, `page event "${type}"`);
      },
      { signal },
    );
  listen(ACCEPTED_EVENT, 'accepted');
  listen(ENDED_EVENT, 'ended');
}
