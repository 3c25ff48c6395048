import { z } from 'zod';
import { CauseCode } from './causes';
import { ChatEvent, ConversationId } from './ids';
import { ConversationRecord } from './records';
import { Detection, Settings } from './settings-base';

const Empty = z.object({}).strict();
const Ack = z.object({ ok: z.literal(true) });

export const User = z.object({ id: z.string().min(1), name: z.string(), email: z.string().optional() });
export type User = z.infer<typeof User>;

export const Status = z.object({
  signedIn: z.boolean(),
  /** The agent signed out: co-browse will not start (not even queued) until someone signs in. */
  signedOut: z.boolean().optional(),
  user: User.optional(),
  environment: z.string().optional(),
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
      customerName: z.string().optional(),
      acceptedAt: z.number(),
      tabId: z.number().optional(),
      live: z.boolean(),
    }),
  ),
  currentTabConversationId: z.string().optional(),
});
export type Status = z.infer<typeof Status>;

export const ConnectionReport = z.object({
  ok: z.boolean(),
  user: User.optional(),
  cause: CauseCode.optional(),
  detail: z.string().optional(),
});

/**
 * Every message in the extension: who may send it, what it carries, what comes back.
 * Receivers parse with these schemas; senders get the types.
 */
export const messages = {
  'get-detection': { from: 'content', payload: Empty, reply: Detection },
  'chat-accepted': { from: 'content', payload: ChatEvent, reply: z.object({ state: z.string() }) },
  'chat-ended': { from: 'content', payload: ChatEvent, reply: Ack },
  'get-status': {
    from: 'extension',
    payload: z.object({ tabId: z.number().int().optional() }).strict(),
    reply: Status,
  },
  'sign-in': { from: 'extension', payload: Empty, reply: ConnectionReport },
  'sign-out': { from: 'extension', payload: Empty, reply: Ack },
  'test-connection': { from: 'extension', payload: Empty, reply: ConnectionReport },
  'start-session': {
    from: 'extension',
    payload: z.object({ conversationId: ConversationId }).strict(),
    reply: Ack,
  },
  'end-session': {
    from: 'extension',
    payload: z.object({ conversationId: ConversationId }).strict(),
    reply: Ack,
  },
  'set-auto-start': { from: 'extension', payload: z.object({ enabled: z.boolean() }).strict(), reply: Ack },
  'get-diagnostics': { from: 'extension', payload: Empty, reply: z.record(z.string(), z.unknown()) },
} as const;

export type MessageMap = typeof messages;
export type MessageName = keyof MessageMap;
export type Payload<N extends MessageName> = z.input<MessageMap[N]['payload']>;
export type Reply<N extends MessageName> = z.output<MessageMap[N]['reply']>;

export const Envelope = z.object({ type: z.string().max(64), payload: z.unknown() });
