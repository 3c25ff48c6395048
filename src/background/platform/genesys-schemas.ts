import * as z from 'zod/mini';

/** `POST /api/v2/conversations/{id}/cobrowse` → CobrowseWebMessagingSession (official SDK model). */
export const CobrowseOffer = z.object({
  id: z.string().check(z.minLength(1)),
  name: z.optional(z.string()),
  joinCode: z.optional(z.string()),
  websocketUrl: z.optional(z.string()),
  dateOfferEnds: z.optional(z.string()),
  communicationType: z.optional(z.string()),
  selfUri: z.optional(z.string()),
});

/** The fields of Message, Call, ConversationChat, Email… that eligibility and acceptance read. */
const Communication = z.looseObject({
  id: z.optional(z.string()),
  state: z.optional(z.string()),
  /** Message.type: webmessaging, sms, whatsapp, facebook… (Models.Message). */
  type: z.optional(z.string()),
  /** Call.direction / Message.direction: inbound or outbound. */
  direction: z.optional(z.string()),
});

/** Models.Cobrowsesession: `id` is the communication's, `cobrowseSessionId` the co-browse session's. */
export const CobrowseCommunication = z.looseObject({
  id: z.string(),
  state: z.string(),
  cobrowseSessionId: z.optional(z.string()),
  disconnectType: z.optional(z.string()),
  connectedTime: z.optional(z.string()),
  disconnectedTime: z.optional(z.string()),
});
export type CobrowseCommunication = z.infer<typeof CobrowseCommunication>;

export const GenesysParticipant = z.looseObject({
  id: z.optional(z.string()),
  purpose: z.optional(z.string()),
  userId: z.optional(z.string()),
  /** The participant's display name (SDK model Participant.name): the cause of accepted-by-other names it. */
  name: z.optional(z.string()),
  messages: z.optional(z.array(Communication)),
  calls: z.optional(z.array(Communication)),
  chats: z.optional(z.array(Communication)),
  emails: z.optional(z.array(Communication)),
  callbacks: z.optional(z.array(Communication)),
  socialExpressions: z.optional(z.array(Communication)),
  videos: z.optional(z.array(Communication)),
  cobrowsesessions: z.optional(z.array(CobrowseCommunication)),
});
export type GenesysParticipant = z.infer<typeof GenesysParticipant>;

/** The conversation, as `GET /api/v2/conversations/{id}` and the notification stream carry it. */
export const GenesysConversation = z.looseObject({
  id: z.string(),
  endTime: z.optional(z.string()),
  participants: z._default(z.array(GenesysParticipant), []),
});
export type GenesysConversation = z.infer<typeof GenesysConversation>;

export const GenesysUser = z.looseObject({
  id: z.string().check(z.minLength(1)),
  name: z.string(),
  email: z.optional(z.string()),
  authorization: z.optional(z.looseObject({ permissions: z._default(z.array(z.string()), []) })),
});

/**
 * Purposes under which a participant is the agent handling the interaction: `agent` (routed to
 * them through a queue) and `user` (reached directly, e.g. a transfer to the user); both are listed
 * among Participant.purpose's documented values (docs/genesys-cloud.md).
 */
export const AGENT_PURPOSES: ReadonlySet<string> = new Set(['agent', 'user']);

export const isAgentOf = (participant: GenesysParticipant, userId: string): boolean =>
  AGENT_PURPOSES.has(participant.purpose ?? '') && participant.userId === userId;

/** The Participant arrays that hold an interaction's own media (Models.Participant): the agent took it on any of them. */
export const CHAT_MEDIA = [
  'messages',
  'calls',
  'chats',
  'emails',
  'callbacks',
  'socialExpressions',
  'videos',
] as const;

export function connectedMedia(
  participant: GenesysParticipant | undefined,
  media: readonly (typeof CHAT_MEDIA)[number][] = CHAT_MEDIA,
): boolean {
  return media.some((kind) => participant?.[kind]?.some((c) => c.state === 'connected'));
}

export const COBROWSE_ADD = 'conversation:cobrowse:add';
/** Spelled as the published definitions spell it (x-inin-requires-permissions of postConversationCobrowse). */
export const COBROWSE_VOICE_ADD = 'conversation:cobrowseVoice:add';

/** The permission an offer needs depends on the medium (per the SDK's postConversationCobrowse). */
export function permissionFor(customer: GenesysParticipant | undefined): string {
  return (customer?.calls?.length ?? 0) > 0 ? COBROWSE_VOICE_ADD : COBROWSE_ADD;
}

/**
 * Whether the agent's permissions grant `needed`. Permission names are compared case-insensitively
 * (the SDK's docs write cobrowsevoice, the definitions cobrowseVoice), with `*` wildcards per part.
 */
export function hasPermission(permissions: readonly string[], needed: string): boolean {
  const want = needed.toLowerCase().split(':');
  return permissions.some((granted) => {
    const parts = granted.toLowerCase().split(':');
    return parts.length === want.length && parts.every((part, i) => part === '*' || part === want[i]);
  });
}
