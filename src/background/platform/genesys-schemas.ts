import { z } from 'zod';

/** `POST /api/v2/conversations/{id}/cobrowse` → CobrowseWebMessagingSession (official SDK model). */
export const CobrowseOffer = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  joinCode: z.string().optional(),
  websocketUrl: z.string().optional(),
  dateOfferEnds: z.string().optional(),
  communicationType: z.string().optional(),
  selfUri: z.string().optional(),
});

/** The fields of Message, Call, ConversationChat, Email… that eligibility and acceptance read. */
const Communication = z
  .object({
    id: z.string().optional(),
    state: z.string().optional(),
    /** Message.type: webmessaging, sms, whatsapp, facebook… (Models.Message). */
    type: z.string().optional(),
    /** Call.direction / Message.direction: inbound or outbound. */
    direction: z.string().optional(),
  })
  .loose();

/** Models.Cobrowsesession: `id` is the communication's, `cobrowseSessionId` the co-browse session's. */
export const CobrowseCommunication = z
  .object({
    id: z.string(),
    state: z.string(),
    cobrowseSessionId: z.string().optional(),
    disconnectType: z.string().optional(),
    connectedTime: z.string().optional(),
    disconnectedTime: z.string().optional(),
  })
  .loose();
export type CobrowseCommunication = z.infer<typeof CobrowseCommunication>;

export const GenesysParticipant = z
  .object({
    id: z.string().optional(),
    purpose: z.string().optional(),
    userId: z.string().optional(),
    /** The participant's display name (SDK model Participant.name): the cause of accepted-by-other names it. */
    name: z.string().optional(),
    messages: z.array(Communication).optional(),
    calls: z.array(Communication).optional(),
    chats: z.array(Communication).optional(),
    emails: z.array(Communication).optional(),
    callbacks: z.array(Communication).optional(),
    socialExpressions: z.array(Communication).optional(),
    videos: z.array(Communication).optional(),
    cobrowsesessions: z.array(CobrowseCommunication).optional(),
  })
  .loose();
export type GenesysParticipant = z.infer<typeof GenesysParticipant>;

/** The conversation, as `GET /api/v2/conversations/{id}` and the notification stream carry it. */
export const GenesysConversation = z
  .object({
    id: z.string(),
    endTime: z.string().optional(),
    participants: z.array(GenesysParticipant).default([]),
  })
  .loose();
export type GenesysConversation = z.infer<typeof GenesysConversation>;

export const GenesysUser = z
  .object({
    id: z.string().min(1),
    name: z.string(),
    email: z.string().optional(),
    authorization: z
      .object({ permissions: z.array(z.string()).default([]) })
      .loose()
      .optional(),
  })
  .loose();

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
