// Runs in the agent desktop's top frame. Turns the desktop's announcements into chat-accepted /
// chat-ended messages; it never sees a token and holds no state beyond this page.
import * as z from 'zod/mini';
import { send } from '../shared/send';
import { type DomRule, watchDomRules } from './dom-rules';
import { keepWorkerAwake } from './keep-awake';
import { type Report, watchPageEvents } from './page-events';
import { createReporter } from './reporter';
import { listenForSentinel } from './sentinel';

const DetectionReply = z.object({
  pageEvent: z.boolean(),
  sentinel: z.optional(z.boolean()),
  domRules: z.array(
    z.object({
      selector: z.string(),
      conversationIdAttribute: z.string(),
      customerNameAttribute: z.optional(z.string()),
    }),
  ),
});

/**
 * One detector per page. After an update the worker injects the detector into open desktop tabs
 * (background/content-scripts.ts), and a tab that was loading then may also get the registered
 * one. A detector left by the previous version is cut off from the new worker (its `runtime.id` is
 * gone): it is stopped and replaced, never counted as live.
 */
interface Registry {
  __cobrowseDetectors?: number;
  /** `rules`: how the DOM rules notice changes here (dom-rules.ts); read by tests and the benchmark. */
  __cobrowseDetector?: { alive(): boolean; stop(): void; rules?(): string };
}
const registry = globalThis as Registry;
const previous = registry.__cobrowseDetector;
if (previous?.alive()) {
  // Already watching this page for this extension: nothing to add.
} else {
  previous?.stop();
  const runtime = chrome.runtime;
  const controller = new AbortController();
  registry.__cobrowseDetector = {
    alive: () => {
      try {
        return Boolean(runtime?.id);
      } catch {
        return false;
      }
    },
    stop: () => {
      controller.abort();
      registry.__cobrowseDetectors = (registry.__cobrowseDetectors ?? 1) - 1;
    },
  };
  // Detectors running in this page's world (read by tests/e2e/update-inject.test.ts).
  registry.__cobrowseDetectors = (registry.__cobrowseDetectors ?? 0) + 1;
  detect(controller);
}

function detect(controller: AbortController) {
  window.addEventListener('pagehide', () => controller.abort(), { once: true });
  keepWorkerAwake(controller.signal);
  const sentinel = listenForSentinel(controller.signal);

  let pageEventsOn: boolean | undefined;
  const early: Parameters<Report>[] = [];
  const deliver = createReporter(send);

  // Listen at once so an accept dispatched while the settings are on their way is not lost.
  watchPageEvents((...args) => {
    if (pageEventsOn === undefined) early.push(args);
    else if (pageEventsOn) deliver(...args);
  }, controller.signal);

  send('get-detection', {})
    .then((reply) => {
      const detection = DetectionReply.parse(reply);
      pageEventsOn = detection.pageEvent;
      if (pageEventsOn) for (const args of early.splice(0)) deliver(...args);
      const rules = watchDomRules(detection.domRules as DomRule[], deliver, controller.signal, {
        sentinel: detection.sentinel ? sentinel : undefined,
      });
      const detector = registry.__cobrowseDetector;
      if (detector) detector.rules = () => rules?.mode() ?? 'none';
    })
    .catch((error: unknown) => console.warn('Cobrowse Autostart: detection is off on this page:', error));
}
