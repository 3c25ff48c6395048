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

const Communication = z.object({ id: z.string().optional(), state: z.string().optional() }).loose();

export const CobrowseCommunication = z
  .object({
    id: z.string(),
    state: z.string(),
    disconnectType: z.string().optional(),
    connectedTime: z.string().optional(),
    disconnectedTime: z.string().optional(),
  })
  .loose();

export const GenesysParticipant = z
  .object({
    id: z.string().optional(),
    purpose: z.string().optional(),
    userId: z.string().optional(),
    messages: z.array(Communication).optional(),
    calls: z.array(Communication).optional(),
    chats: z.array(Communication).optional(),
    emails: z.array(Communication).optional(),
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

/** Co-browse can be offered on web messaging and voice only. */
export const COBROWSE_MEDIA = ['messages', 'calls'] as const;

/** What counts as "the agent took the chat" on the notification stream: chat, message or call. */
export const CHAT_MEDIA = ['messages', 'calls', 'chats'] as const;

export function connectedMedia(
  participant: GenesysParticipant | undefined,
  media: readonly (typeof CHAT_MEDIA)[number][] = COBROWSE_MEDIA,
): boolean {
  return media.some((kind) => participant?.[kind]?.some((c) => c.state === 'connected'));
}

/** The permission an offer needs depends on the medium (per the SDK's postConversationCobrowse). */
export function permissionFor(customer: GenesysParticipant | undefined): string {
  return (customer?.calls?.length ?? 0) > 0 ? 'conversation:cobrowsevoice:add' : 'conversation:cobrowse:add';
}
