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
 * `ended` when a reported element stops matching. Per mutation it only runs `matches`.
 */
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
  const scan = (root: Element) => {
    check(root);
    for (const rule of usable) for (const element of root.querySelectorAll(rule.selector)) check(element);
  };

  const observer = new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      if (mutation.type === 'attributes') check(mutation.target as Element);
      else for (const node of mutation.addedNodes) if (node instanceof Element) scan(node);
    }
  });
  observer.observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: [...new Set(usable.flatMap(attributesOf))],
  });
  if (document.documentElement) scan(document.documentElement);
  signal.addEventListener('abort', () => observer.disconnect(), { once: true });
}
