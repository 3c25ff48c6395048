import { pausingObserver } from './attribute-observer';
import type { Report } from './page-events';
import type { Sentinel } from './sentinel';

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
 * With the style sentinel running, every SENTINEL_SWEEP_EVERY-th interval still sweeps the page:
 * a desktop's own `animation` on a rule's element wins over the sentinel's (by design: ours is a
 * user stylesheet), and only a sweep finds that element.
 */
export const SENTINEL_SWEEP_EVERY = 5;
export { OBSERVER_BURST, OBSERVER_PAUSE_MS } from './attribute-observer';

export interface WatchOptions {
  /** The style sentinel, when the worker inserted its stylesheet into this page (content/sentinel.ts). */
  sentinel?: Sentinel;
}

/**
 * Fires `accepted` when an element matching a rule appears or an existing one comes to match, and
 * `ended` when a reported element stops matching, is removed from the page, or (a single-page
 * desktop reusing its panel) now carries another chat's id: the old chat ends, the new one is
 * accepted.
 *
 * Two ways of noticing, one at a time:
 * - `observer`: a MutationObserver on the rules' attributes across the page, plus a sweep (one
 *   `querySelectorAll` per rule) soon after each click or key press and every SWEEP_INTERVAL_MS.
 *   On a busy desktop the sweeps are most of the cost: each one pays for the page's mutations since
 *   the last query (bench/README.md, "Busy desktop").
 * - `sentinel`: once the sentinel proved it runs here (content/sentinel.ts), while the page is visible,
 *   the style engine reports matching elements (content/sentinel.ts); only the elements already
 *   reported are observed, and the page is swept every SENTINEL_SWEEP_EVERY intervals as a net; a
 *   chat that net catches (the desktop's own animation on it outranks the sentinel's) puts the page
 *   back on the observer for good.
 * A hidden page animates nothing, so it goes back to `observer` until it is shown again.
 */
export function watchDomRules(
  rules: DomRule[],
  report: Report,
  signal: AbortSignal,
  options: WatchOptions = {},
): { mode(): 'observer' | 'sentinel' } | undefined {
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
  if (usable.length === 0) return undefined;
  // Strong references, but only to elements reported as a live chat: each leaves the map when its
  // chat is reported ended (removed elements included), so the map holds the agent's open chats.
  const matched = new Map<Element, { rule: DomRule; id: string | null }>();
  const observed = {
    subtree: true,
    attributes: true,
    attributeFilter: [...new Set(usable.flatMap(attributesOf))],
  };
  // The reported elements' own attributes, in both modes: one stopping to match, or a reused panel
  // taking another chat's id, changes no selector match the sentinel would see. An ended element
  // stays observed (disconnecting to drop it would discard records not yet delivered); an observer
  // holds its nodes weakly (DOM Standard: a MutationObserver's "node list" of weak references), so
  // a removed element is still collected.
  const reported = new MutationObserver((mutations) => {
    for (const mutation of mutations) check(mutation.target as Element);
  });

  const end = (element: Element, previous: { rule: DomRule; id: string | null }) => {
    matched.delete(element);
    report('ended', previous.id, `DOM rule "${previous.rule.selector}"`);
  };
  let accepted = 0;
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
      reported.observe(element, { ...observed, subtree: false });
      const name = rule.customerNameAttribute ? element.getAttribute(rule.customerNameAttribute) : null;
      accepted += 1;
      report('accepted', id, `DOM rule "${rule.selector}"`, name ?? undefined);
    }
  };
  // A removed element fires no attribute change: this notices it is gone (the agent's click that
  // closed the panel triggers it within 50 ms; otherwise within SWEEP_INTERVAL_MS). A reported
  // element that stopped matching while the observer was paused is checked here too.
  const checkReported = () => {
    for (const [element, previous] of matched) {
      if (!element.isConnected) end(element, previous);
      else check(element);
    }
  };
  const sweep = () => {
    checkReported();
    for (const rule of usable) for (const element of document.querySelectorAll(rule.selector)) check(element);
  };

  let mode: 'observer' | 'sentinel' = 'observer';
  let sentinelRuns = false;
  const attributes = pausingObserver(check, sweep, observed);
  const follow = () => {
    const next = sentinelRuns && document.visibilityState === 'visible' ? 'sentinel' : 'observer';
    if (next === mode) return;
    mode = next;
    if (mode === 'sentinel') attributes.disconnect();
    else {
      attributes.connect();
      sweep();
    }
  };
  attributes.connect();
  const { sentinel } = options;
  if (sentinel) {
    sentinel.onSeen = (element) => {
      checkReported(); // a re-rendered panel: its old element ends before the new one is accepted
      check(element);
    };
    sentinel.onConfirmed = () => {
      sentinelRuns = true;
      follow();
    };
    if (sentinel.confirmed) sentinel.onConfirmed();
    document.addEventListener('visibilitychange', follow, { signal });
  }

  let intervals = 0;
  const sweeper = setInterval(() => {
    intervals += 1;
    if (mode === 'observer') sweep();
    else if (intervals % SENTINEL_SWEEP_EVERY !== 0) checkReported();
    else {
      const before = accepted;
      sweep();
      if (accepted === before) return;
      // The net caught a chat the sentinel missed (the desktop animates that element itself): this
      // desktop's accepts would wait for the net, so the rest of this page runs on the observer.
      console.info('Cobrowse Autostart: a chat the style sentinel missed; DOM rules use sweeps here.');
      sentinelRuns = false;
      follow();
    }
  }, SWEEP_INTERVAL_MS);
  let afterInput: ReturnType<typeof setTimeout>[] = [];
  const onInput = (event: Event) => {
    // Keys typed into a text field are the agent writing a reply, not accepting a chat: on a busy
    // desktop three sweeps per key would be most of the detector's cost. The periodic sweep and
    // the observer still see anything such a key changed.
    if (event.type === 'keyup' && isEditable(event.target)) return;
    // With the sentinel, input only matters for a reported chat's panel being closed: with none
    // reported, nothing is scheduled (on the busy desktop the timers were most of what was left).
    if (mode === 'sentinel' && matched.size === 0) return;
    for (const timer of afterInput) clearTimeout(timer);
    // An accept is the agent's own action, and the desktop redraws right after it; with the
    // sentinel running, a redraw that inserts a matching element reports itself.
    afterInput = SWEEPS_AFTER_INPUT_MS.map((delay) =>
      setTimeout(() => (mode === 'observer' ? sweep() : checkReported()), delay),
    );
  };
  for (const type of ['pointerup', 'keyup'] as const) {
    window.addEventListener(type, onInput, { capture: true, passive: true, signal });
  }
  sweep();
  signal.addEventListener(
    'abort',
    () => {
      attributes.disconnect();
      reported.disconnect();
      clearInterval(sweeper);
      for (const timer of afterInput) clearTimeout(timer);
    },
    { once: true },
  );
  return { mode: () => mode };
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
