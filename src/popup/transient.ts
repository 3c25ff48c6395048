import type { Status } from '../shared/messages';

/**
 * A status-line message that is only true until the screen moves on ("Starting a new attempt…",
 * "Signed in as …"): it is cleared by the first status in which what it described has changed, so
 * the footer never contradicts the rows above it.
 */
export interface Transient {
  text: string;
  /** What the message is about, read from a status; the message clears when this changes. */
  probe(status: Status): string;
  seen?: string;
}

let current: Transient | undefined;

export function holdUntilChanged(transient: Transient, latest: Status | undefined): void {
  current = { ...transient, seen: latest ? transient.probe(latest) : undefined };
}

export function clearIfSuperseded(status: HTMLElement, next: Status): void {
  if (!current) return;
  const value = current.probe(next);
  if (current.seen === undefined) current.seen = value;
  else if (value !== current.seen) {
    // Only our own message: an error or a later message written meanwhile stays.
    if (status.textContent === current.text) status.textContent = '';
    current = undefined;
  }
}

export const probes = {
  row: (conversationId: string) => (status: Status) =>
    status.conversations.find((r) => r.conversationId === conversationId)?.state ?? 'none',
  account: (status: Status) => `${status.signedIn}|${status.user?.id ?? ''}`,
};
