import * as z from 'zod/mini';
import { CauseCode } from './causes';
import { ChatEvent, ConversationId } from './ids';
import { ConversationRecord } from './records';
import { Detection, Settings } from './settings-base';

const Empty = z.strictObject({});
const Ack = z.object({ ok: z.literal(true) });

export const User = z.object({
  id: z.string().check(z.minLength(1)),
  name: z.string(),
  email: z.optional(z.string()),
});
export type User = z.infer<typeof User>;

export const Status = z.object({
  signedIn: z.boolean(),
  /** The agent signed out: co-browse will not start (not even queued) until someone signs in. */
  signedOut: z.optional(z.boolean()),
  user: z.optional(User),
  environment: z.optional(z.string()),
  settings: Settings,
  /** Problems with the stored or managed settings; the extension runs on its last valid ones. */
  settingsProblems: z.array(z.string()),
  missing: z.array(z.string()),
  managedKeys: z.array(z.string()),
  /** Whether the platform lets the agent end a session (Genesys Cloud's public API does not). */
  canEnd: z.boolean(),
  conversations: z.array(ConversationRecord),
  /** This browser session's announced chats, with customer names (storage.session only). */
  chats: z.record(
    z.string(),
    z.object({
      customerName: z.optional(z.string()),
      acceptedAt: z.number(),
      tabId: z.optional(z.number()),
      live: z.boolean(),
    }),
  ),
  currentTabConversationId: z.optional(z.string()),
});
export type Status = z.infer<typeof Status>;

/** The page's detection settings, and whether the worker inserted the DOM rules' style sentinel into it. */
export const DetectionReply = z.extend(Detection, { sentinel: z.optional(z.boolean()) });

export const ConnectionReport = z.object({
  ok: z.boolean(),
  user: z.optional(User),
  cause: z.optional(CauseCode),
  detail: z.optional(z.string()),
});

/**
 * Every message in the extension: who may send it, what it carries, what comes back.
 * Receivers parse with these schemas; senders get the types.
 */
export const messages = {
  'get-detection': { from: 'content', payload: Empty, reply: DetectionReply },
  'chat-accepted': { from: 'content', payload: ChatEvent, reply: z.object({ state: z.string() }) },
  'chat-ended': { from: 'content', payload: ChatEvent, reply: Ack },
  'get-status': {
    from: 'extension',
    payload: z.strictObject({ tabId: z.optional(z.int()) }),
    reply: Status,
  },
  'sign-in': { from: 'extension', payload: Empty, reply: ConnectionReport },
  'sign-out': { from: 'extension', payload: Empty, reply: Ack },
  'test-connection': { from: 'extension', payload: Empty, reply: ConnectionReport },
  'start-session': {
    from: 'extension',
    payload: z.strictObject({ conversationId: ConversationId }),
    reply: Ack,
  },
  'end-session': {
    from: 'extension',
    payload: z.strictObject({ conversationId: ConversationId }),
    reply: Ack,
  },
  'set-auto-start': { from: 'extension', payload: z.strictObject({ enabled: z.boolean() }), reply: Ack },
  'get-diagnostics': { from: 'extension', payload: Empty, reply: z.record(z.string(), z.unknown()) },
} as const;

export type MessageMap = typeof messages;
export type MessageName = keyof MessageMap;
export type Payload<N extends MessageName> = z.input<MessageMap[N]['payload']>;
export type Reply<N extends MessageName> = z.output<MessageMap[N]['reply']>;

export const Envelope = z.object({ type: z.string().check(z.maxLength(64)), payload: z.unknown() });
