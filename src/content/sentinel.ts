import { SENTINEL_ANIMATION } from '../shared/sentinel';

/**
 * The style sentinel (shared/sentinel.ts): the worker's user stylesheet starts a 1 ms animation on
 * every element that matches a rule, so the style engine, which re-matches only what changed,
 * reports an element inserted already matching or coming to match as an `animationstart`, at no
 * script cost for everything else. The stylesheet animates <html> too, once, as it goes in: that
 * event is the proof the sentinel runs in this document (`confirmed`). Animations run only while
 * the page is rendered: a hidden tab fires nothing until it is shown, which is why dom-rules.ts
 * keeps its observer while hidden.
 */
export interface Sentinel {
  confirmed: boolean;
  onConfirmed?: () => void;
  onSeen?: (element: Element) => void;
}

/**
 * Listens from the detector's start, before it asks the worker for its settings (the worker inserts
 * the stylesheet before it answers), so the root's one animation cannot come before the listener.
 * A document that already had the stylesheet (a detector injected again after an update) animates
 * nothing new: that page keeps the observer.
 */
export function listenForSentinel(signal: AbortSignal): Sentinel {
  const sentinel: Sentinel = { confirmed: false };
  window.addEventListener(
    'animationstart',
    (event) => {
      if (event.animationName !== SENTINEL_ANIMATION || !(event.target instanceof Element)) return;
      if (event.target !== document.documentElement) sentinel.onSeen?.(event.target);
      else if (!sentinel.confirmed) {
        sentinel.confirmed = true;
        sentinel.onConfirmed?.();
      }
    },
    { capture: true, passive: true, signal },
  );
  return sentinel;
}
