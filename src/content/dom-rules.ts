import type { Report } from './page-events';

export interface DomRule {
  selector: string;
  conversationIdAttribute: string;
  customerNameAttribute?: string;
}

/** The attributes a selector can depend on, so the observer ignores every other attribute change. */
export function attributesOf(rule: DomRule): string[] {
  const names = new Set([rule.conversationIdAttribute]);
  if (rule.customerNameAttribute) names.add(rule.customerNameAttribute);
  for (const match of rule.selector.matchAll(/\[\s*([^\s~|^$*=\]]+)/g)) if (match[1]) names.add(match[1]);
  if (rule.selector.includes('.')) names.add('class');
  if (rule.selector.includes('#')) names.add('id');
  return [...names];
}

/** Sweeps for inserted, already-matching elements: soon after the agent's input, and now and then. */
export const SWEEPS_AFTER_INPUT_MS = [50, 250, 1_000];
export const SWEEP_INTERVAL_MS = 2_000;
/**
 * A desktop that keeps rewriting a watched attribute (a class-based rule on a page that animates
 * with classes) would run the observer's callback on every task. After OBSERVER_BURST callbacks
 * within OBSERVER_PAUSE_MS the observer is disconnected for OBSERVER_PAUSE_MS, then a sweep
 * catches up on everything that changed meanwhile: on a quiet desktop an accept is seen at once,
 * on a busy one within OBSERVER_PAUSE_MS, at a few callbacks a second.
 */
export const OBSERVER_BURST = 3;
export const OBSERVER_PAUSE_MS = 500;

/**
 * Fires `accepted` when an element matching a rule appears or an existing one comes to match, and
 * `ended` when a reported element stops matching, is removed from the page, or (a single-page
 * desktop reusing its panel) now carries another chat's id: the old chat ends, the new one is
 * accepted. Per mutation it does at most one `matches` per rule.
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
  // Strong references, but only to elements reported as a live chat: each leaves the map when its
  // chat is reported ended (removed elements included), so the map holds the agent's open chats.
  const matched = new Map<Element, { rule: DomRule; id: string | null }>();

  const end = (element: Element, previous: { rule: DomRule; id: string | null }) => {
    matched.delete(element);
    report('ended', previous.id, `DOM rule "${previous.rule.selector}"`);
  };
  const check = (element: Element) => {
    const previous = matched.get(element);
    if (
      previous &&
      (!element.matches(previous.rule.selector) ||
        element.getAttribute(previous.rule.conversationIdAttribute) !== previous.id)
    ) {
      end(element, previous);
    }
    for (const rule of usable) {
      if (matched.has(element) || !element.matches(rule.selector)) continue;
      const id = element.getAttribute(rule.conversationIdAttribute);
      matched.set(element, { rule, id });
      const name = rule.customerNameAttribute ? element.getAttribute(rule.customerNameAttribute) : null;
      report('accepted', id, `DOM rule "${rule.selector}"`, name ?? undefined);
    }
  };
  const sweep = () => {
    // A removed element fires no attribute change: the sweep notices it is gone (the agent's click
    // that closed the panel triggers one within 50 ms; otherwise within SWEEP_INTERVAL_MS). A
    // reported element that stopped matching while the observer was paused is checked here too.
    for (const [element, previous] of matched) {
      if (!element.isConnected) end(element, previous);
      else check(element);
    }
    for (const rule of usable) for (const element of document.querySelectorAll(rule.selector)) check(element);
  };

  // Attribute changes (an existing element coming to match, or ending) are checked at once, and only
  // for the attributes the rules read. Insertions are not observed: on a busy desktop the childList
  // records alone cost +12 % main-thread script time in the benchmark. An element inserted already
  // matching is found by a sweep (one querySelectorAll per rule): shortly after each click or key
  // press, since an accept is the agent's own action and the desktop redraws right after it, and
  // every SWEEP_INTERVAL_MS otherwise (auto-answer desktops).
  const observed = {
    subtree: true,
    attributes: true,
    attributeFilter: [...new Set(usable.flatMap(attributesOf))],
  };
  let burst = { since: 0, callbacks: 0 };
  let paused: ReturnType<typeof setTimeout> | undefined;
  const attributes = new MutationObserver((mutations) => {
    for (const mutation of mutations) check(mutation.target as Element);
    const now = performance.now();
    if (now - burst.since > OBSERVER_PAUSE_MS) burst = { since: now, callbacks: 0 };
    burst.callbacks += 1;
    if (burst.callbacks < OBSERVER_BURST) return;
    attributes.disconnect();
    paused = setTimeout(() => {
      paused = undefined;
      burst = { since: performance.now(), callbacks: 0 };
      attributes.observe(document, observed);
      sweep();
    }, OBSERVER_PAUSE_MS);
  });
  attributes.observe(document, observed);
  const sweeper = setInterval(sweep, SWEEP_INTERVAL_MS);
  let afterInput: ReturnType<typeof setTimeout>[] = [];
  const onInput = (event: Event) => {
    // Keys typed into a text field are the agent writing a reply, not accepting a chat: on a busy
    // desktop three sweeps per key would be most of the detector's cost. The periodic sweep and
    // the observer still see anything such a key changed.
    if (event.type === 'keyup' && isEditable(event.target)) return;
    for (const timer of afterInput) clearTimeout(timer);
    afterInput = SWEEPS_AFTER_INPUT_MS.map((delay) => setTimeout(sweep, delay));
  };
  for (const type of ['pointerup', 'keyup'] as const) {
    window.addEventListener(type, onInput, { capture: true, passive: true, signal });
  }
  sweep();
  signal.addEventListener(
    'abort',
    () => {
      attributes.disconnect();
      clearTimeout(paused);
      clearInterval(sweeper);
      for (const timer of afterInput) clearTimeout(timer);
    },
    { once: true },
  );
}

/** Button-like inputs take Space and Enter as a click: only fields that take text count. */
const NOT_TEXT = new Set([
  'button',
  'submit',
  'reset',
  'image',
  'checkbox',
  'radio',
  'file',
  'range',
  'color',
]);

function isEditable(target: EventTarget | null): boolean {
  if (target instanceof HTMLTextAreaElement) return true;
  if (target instanceof HTMLInputElement) return !NOT_TEXT.has(target.type);
  return target instanceof HTMLElement && target.isContentEditable;
}
