// Runs in the agent desktop's top frame. Turns the desktop's announcements into chat-accepted /
// chat-ended messages; it never sees a token and holds no state beyond this page.
import * as z from 'zod/mini';
import { CONVERSATION_ID_RULE, ConversationId } from '../shared/ids';
import { send } from '../shared/send';
import { type DomRule, watchDomRules } from './dom-rules';
import { type Report, watchPageEvents } from './page-events';

const DetectionReply = z.object({
  pageEvent: z.boolean(),
  domRules: z.array(z.object({ selector: z.string(), conversationIdAttribute: z.string() })),
});

const controller = new AbortController();
window.addEventListener('pagehide', () => controller.abort(), { once: true });

const reported = new Set<string>();
let pageEventsOn: boolean | undefined;
const early: Parameters<Report>[] = [];

const deliver: Report = (kind, rawId, origin) => {
  const id = ConversationId.safeParse(rawId);
  if (!id.success) {
    console.warn(
      `Cobrowse Autostart: ignored ${origin}: the conversation id must be ${CONVERSATION_ID_RULE}.`,
    );
    return;
  }
  const key = `${kind}:${id.data}`;
  if (reported.has(key)) return;
  reported.add(key);
  const source = origin.startsWith('DOM') ? 'dom-rule' : 'page-event';
  send(kind === 'accepted' ? 'chat-accepted' : 'chat-ended', { conversationId: id.data, source }).catch(
    (error: unknown) => console.warn(`Cobrowse Autostart: could not report ${kind} chat ${id.data}:`, error),
  );
};

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
