/**
 * A desktop that keeps rewriting a watched attribute (a class-based rule on a page that animates
 * with classes) would run the observer's callback on every task. After OBSERVER_BURST callbacks
 * within OBSERVER_PAUSE_MS the observer is disconnected for OBSERVER_PAUSE_MS, then `catchUp` (a
 * sweep) finds everything that changed meanwhile: on a quiet desktop an accept is seen at once, on a
 * busy one within OBSERVER_PAUSE_MS, at a few callbacks a second.
 */
export const OBSERVER_BURST = 3;
export const OBSERVER_PAUSE_MS = 500;

/**
 * The DOM rules' page-wide attribute observer (observer mode, dom-rules.ts): each changed element is
 * checked at once, only for the attributes the rules read. Insertions are not observed: on a busy
 * desktop the childList records alone cost +12 % main-thread script time in the benchmark.
 */
export function pausingObserver(
  check: (element: Element) => void,
  catchUp: () => void,
  options: MutationObserverInit,
): { connect(): void; disconnect(): void } {
  let burst = { since: 0, callbacks: 0 };
  let paused: ReturnType<typeof setTimeout> | undefined;
  const observer = new MutationObserver((mutations) => {
    for (const mutation of mutations) check(mutation.target as Element);
    const now = performance.now();
    if (now - burst.since > OBSERVER_PAUSE_MS) burst = { since: now, callbacks: 0 };
    burst.callbacks += 1;
    if (burst.callbacks < OBSERVER_BURST) return;
    observer.disconnect();
    paused = setTimeout(() => {
      paused = undefined;
      burst = { since: performance.now(), callbacks: 0 };
      observer.observe(document, options);
      catchUp();
    }, OBSERVER_PAUSE_MS);
  });
  return {
    connect: () => observer.observe(document, options),
    disconnect: () => {
      observer.disconnect();
      clearTimeout(paused);
      paused = undefined;
    },
  };
}
