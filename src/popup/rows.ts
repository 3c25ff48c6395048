import { h } from '../ui/dom';
import { t } from '../ui/i18n';
import { type RowHandlers, renderRow } from './row';
import { GROUPS, type Group, type RowModel, rowSignature } from './view';

interface Rendered {
  element: HTMLLIElement;
  signature: string;
}

interface GroupBox {
  box: HTMLElement;
  heading: HTMLElement;
  list: HTMLUListElement;
}

/**
 * Keeps the grouped list in step with the rows, newest first within each group, rebuilding only
 * rows whose state changed and moving none that kept their place: live updates arrive every second
 * while a session is followed, and a keyboard user's focus must survive them. Finished rows sit in
 * a collapsed disclosure with their count.
 */
export class RowList {
  readonly #rendered = new Map<string, Rendered>();
  readonly #groups: Record<Group, GroupBox>;

  constructor(
    container: HTMLElement,
    private readonly handlers: RowHandlers,
  ) {
    this.#groups = Object.fromEntries(GROUPS.map((group) => [group, makeGroup(group)])) as Record<
      Group,
      GroupBox
    >;
    container.replaceChildren(...GROUPS.map((group) => this.#groups[group].box));
  }

  update(rows: RowModel[], canEnd = true): void {
    const now = Date.now();
    const keep = new Set(rows.map((r) => r.id));
    for (const [id, rendered] of this.#rendered) {
      if (!keep.has(id)) {
        rendered.element.remove();
        this.#rendered.delete(id);
      }
    }
    for (const group of GROUPS) {
      const members = rows.filter((r) => r.group === group);
      const { box, heading, list } = this.#groups[group];
      box.hidden = members.length === 0;
      heading.textContent = t(`group_${group}`, String(members.length));
      members.forEach((row, index) => {
        const signature = `${rowSignature(row)}|${canEnd}`;
        const previous = this.#rendered.get(row.id);
        let element = previous?.element;
        if (!previous || previous.signature !== signature) {
          element = renderRow(row, this.handlers, now, canEnd);
          if (previous) replaceKeepingFocus(previous.element, element);
          this.#rendered.set(row.id, { element, signature });
        }
        const at = list.children[index] ?? null;
        if (element && at !== element) list.insertBefore(element, at);
      });
    }
  }
}

function makeGroup(group: Group): GroupBox {
  const list = h('ul', { class: 'rows' });
  if (group === 'finished') {
    const heading = h('summary', {});
    return { box: h('details', { class: 'group', 'data-group': group }, heading, list), heading, list };
  }
  const heading = h('h3', {});
  return { box: h('section', { class: 'group', 'data-group': group }, heading, list), heading, list };
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
