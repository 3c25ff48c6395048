import type { ConversationRecord } from '../shared/records';
import { type RowHandlers, renderRow } from './row';
import { rowSignature } from './view';

interface Rendered {
  element: HTMLLIElement;
  signature: string;
}

/**
 * Keeps the list in step with the records, newest first, rebuilding only rows whose state changed
 * and moving none that kept their place: live updates arrive every second while a session is
 * followed, and a keyboard user's focus must survive them.
 */
export class RowList {
  readonly #rendered = new Map<string, Rendered>();

  constructor(
    private readonly list: HTMLUListElement,
    private readonly handlers: RowHandlers,
  ) {}

  update(records: ConversationRecord[], canEnd = true): void {
    const now = Date.now();
    const keep = new Set(records.map((r) => r.conversationId));
    for (const [id, rendered] of this.#rendered) {
      if (!keep.has(id)) {
        rendered.element.remove();
        this.#rendered.delete(id);
      }
    }
    records.forEach((record, index) => {
      const signature = `${rowSignature(record)}|${canEnd}`;
      const previous = this.#rendered.get(record.conversationId);
      let element = previous?.element;
      if (!previous || previous.signature !== signature) {
        element = renderRow(record, this.handlers, now, canEnd);
        if (previous) replaceKeepingFocus(previous.element, element);
        this.#rendered.set(record.conversationId, { element, signature });
      }
      const at = this.list.children[index] ?? null;
      if (element && at !== element) this.list.insertBefore(element, at);
    });
  }
}

/** Swaps a row; if focus was inside it, it moves to the control with the same role in the new one. */
function replaceKeepingFocus(old: HTMLLIElement, next: HTMLLIElement): void {
  const focused = old.contains(document.activeElement) ? (document.activeElement as HTMLElement) : null;
  old.replaceWith(next);
  if (!focused) return;
  const action = focused.dataset.action;
  const target =
    (action && next.querySelector<HTMLElement>(`[data-action="${action}"]`)) || next.querySelector('button');
  target?.focus();
}
