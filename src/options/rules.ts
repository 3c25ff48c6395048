import { h } from '../ui/dom';
import { t } from '../ui/i18n';

export interface RuleValues {
  selector: string;
  conversationIdAttribute: string;
}

/**
 * The detection rules editor: one row per rule (selector + attribute, each labelled, each with its
 * own error slot `detection.domRules.<i>.<field>`) and Remove; Add appends an empty rule.
 */
export class RulesEditor {
  #locked = false;

  constructor(private readonly list: HTMLOListElement) {}

  set(rules: unknown[]): void {
    this.list.replaceChildren(...rules.map((rule) => this.#row(rule as Partial<RuleValues>)));
    this.#renumber();
  }

  add(): void {
    const row = this.#row({});
    this.list.append(row);
    this.#renumber();
    row.querySelector('input')?.focus();
  }

  get(): RuleValues[] {
    return [...this.list.children].map((row) => {
      const [selector, attribute] = row.querySelectorAll('input');
      return {
        selector: selector?.value.trim() ?? '',
        conversationIdAttribute: attribute?.value.trim() ?? '',
      };
    });
  }

  lock(): void {
    this.#locked = true;
    for (const control of this.list.querySelectorAll<HTMLInputElement | HTMLButtonElement>('input, button'))
      control.disabled = true;
  }

  #row(rule: Partial<RuleValues>): HTMLLIElement {
    const selector = h('input', { type: 'text', spellcheck: 'false', value: rule.selector ?? '' });
    const attribute = h('input', {
      type: 'text',
      spellcheck: 'false',
      value: rule.conversationIdAttribute ?? '',
    });
    const remove = h('button', { type: 'button', 'data-action': 'remove' }, t('options_removeRule'));
    const row = h(
      'li',
      { class: 'rule' },
      h('label', {}, h('span', { 'data-role': 'selector-label' }), selector),
      h('label', {}, h('span', { 'data-role': 'attribute-label' }), attribute),
      remove,
      h('p', { class: 'field-error', 'data-role': 'selector-error', hidden: true }),
      h('p', { class: 'field-error', 'data-role': 'attribute-error', hidden: true }),
    );
    remove.addEventListener('click', () => {
      const next = (row.nextElementSibling ?? row.previousElementSibling)?.querySelector('input');
      row.remove();
      this.#renumber();
      (next ?? document.getElementById('add-rule'))?.focus();
    });
    if (this.#locked) for (const control of [selector, attribute, remove]) control.disabled = true;
    return row;
  }

  /** Labels, slots and error ids carry the rule's number, so errors land beside the right input. */
  #renumber(): void {
    [...this.list.children].forEach((row, index) => {
      const n = String(index + 1);
      const [selector, attribute] = row.querySelectorAll('input');
      const slots = [
        [selector, 'selector', t('options_ruleSelector', n), 'selector'],
        [attribute, 'attribute', t('options_ruleAttribute', n), 'conversationIdAttribute'],
      ] as const;
      for (const [input, role, label, field] of slots) {
        const slot = `detection.domRules.${index}.${field}`;
        const labelText = row.querySelector<HTMLElement>(`[data-role="${role}-label"]`);
        if (labelText) labelText.textContent = label;
        const error = row.querySelector<HTMLElement>(`[data-role="${role}-error"]`);
        if (error) error.dataset.errorFor = slot;
        input?.setAttribute('data-slot', slot);
      }
      row.querySelector('button')?.setAttribute('aria-label', t('options_removeRuleLabel', n));
    });
  }
}
