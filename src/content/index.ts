// Runs in the agent desktop's top frame. Turns the desktop's announcements into chat-accepted /
// chat-ended messages; it never sees a token and holds no state beyond this page.
import * as z from 'zod/mini';
import { send } from '../shared/send';
import { type DomRule, watchDomRules } from './dom-rules';
import { type Report, watchPageEvents } from './page-events';
import { createReporter } from './reporter';

const DetectionReply = z.object({
  pageEvent: z.boolean(),
  domRules: z.array(
    z.object({
      selector: z.string(),
      conversationIdAttribute: z.string(),
      customerNameAttribute: z.optional(z.string()),
    }),
  ),
});

const controller = new AbortController();
window.addEventListener('pagehide', () => controller.abort(), { once: true });

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
    watchDomRules(detection.domRules as DomRule[], deliver, controller.signal);
  })
  .catch((error: unknown) => console.warn('Cobrowse Autostart: detection is off on this page:', error));
