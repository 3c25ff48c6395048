import type { Report } from './page-events';

export interface DomRule {
  selector: string;
  conversationIdAttribute: string;
}

/** The attributes a selector can depend on, so the observer ignores every other attribute change. */
export function attributesOf(rule: DomRule): string[] {
  const names = new Set([rule.conversationIdAttribute]);
  for (const match of rule.selector.matchAll(/\[\s*([^\s~|^$*=\]]+)/g)) if (match[1]) names.add(match[1]);
  if (rule.selector.includes('.')) names.add('class');
  if (rule.selector.includes('#')) names.add('id');
  return [...names];
}

/**
 * Fires `accepted` when an element matching a rule appears or an existing one comes to match, and
 * `ended` when a reported element stops matching. Per mutation it does at most one `matches` per rule.
 */
/** How long an inserted, already-matching element may wait to be seen (attribute changes: no wait). */
export const SWEEP_DELAY_MS = 250;

export function watchDomRules(rules: DomRule[], report: Report, signal: AbortSignal): void {
  const usable = rules.filter((rule) => {
    try {
      document.createDocumentFragment().querySelector(rule.selector);
      return true;
    } catch {
      console.warn(
        `Cobrowse Autostart: DOM rule selector "${rule.selector}" is not valid CSS; the rule is skipped.`,
      );
      return false;
    }
  });
  if (usable.length === 0) return;
  const matched = new WeakMap<Element, { rule: DomRule; id: string | null }>();

  const check = (element: Element) => {
    const previous = matched.get(element);
    if (previous && !element.matches(previous.rule.selector)) {
      matched.delete(element);
      report('ended', previous.id, `DOM rule "${previous.rule.selector}"`);
    }
    for (const rule of usable) {
      if (matched.has(element) || !element.matches(rule.selector)) continue;
      const id = element.getAttribute(rule.conversationIdAttribute);
      matched.set(element, { rule, id });
      report('accepted', id, `DOM rule "${rule.selector}"`);
    }
  };
  const sweep = () => {
    for (const rule of usable) for (const element of document.querySelectorAll(rule.selector)) check(element);
  };

  // Attribute changes (an existing element coming to match, or ending) are checked at once, and only
  // for the attributes the rules read. Insertions are not observed at all: on a busy desktop the
  // childList records alone cost more than the whole budget (see bench/README.md), so elements that
  // arrive already matching are found by one querySelectorAll per rule every SWEEP_DELAY_MS.
  const attributes = new MutationObserver((mutations) => {
    for (const mutation of mutations) check(mutation.target as Element);
  });
  attributes.observe(document, {
    subtree: true,
    attributes: true,
    attributeFilter: [...new Set(usable.flatMap(attributesOf))],
  });
  const sweeper = setInterval(sweep, SWEEP_DELAY_MS);
  sweep();
  signal.addEventListener(
    'abort',
    () => {
      attributes.disconnect();
      clearInterval(sweeper);
    },
    { once: true },
  );
}
