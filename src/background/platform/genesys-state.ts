import { CHAT_MEDIA, type CobrowseCommunication, type GenesysConversation } from './genesys-schemas';
import type { RemoteSession, SessionRef } from './types';

/**
 * Every Cobrowsesession state the published definitions list (SDK model Cobrowsesession,
 * StateEnum; see docs/genesys-cloud.md), and what each means for an offer. `scheduled` and `none`
 * are documented but their meaning for a co-browse offer is not: they are followed as `unknown`.
 * Any other value (a newer platform, `OutdatedSdkVersion`) is `unknown` too — never "declined".
 */
export const COBROWSE_STATES = {
  alerting: 'offered',
  offering: 'offered',
  contacting: 'offered',
  dialing: 'offered',
  connected: 'connected',
  disconnected: 'over',
  terminated: 'over',
  scheduled: 'unknown',
  none: 'unknown',
} as const satisfies Record<string, 'offered' | 'connected' | 'over' | 'unknown'>;

function meaning(state: string): 'offered' | 'connected' | 'over' | 'unknown' {
  return Object.hasOwn(COBROWSE_STATES, state)
    ? COBROWSE_STATES[state as keyof typeof COBROWSE_STATES]
    : 'unknown';
}

/**
 * The communication of OUR offer: its co-browse session id (`cobrowseSessionId`) or its communication
 * id equals the `id` our own POST answered with. Nothing else is ever taken for ours — not the
 * conversation's only open offer, not one another agent made before a transfer.
 */
export function ownCommunication(
  conversation: GenesysConversation,
  offerId: string,
): CobrowseCommunication | undefined {
  for (const participant of conversation.participants) {
    for (const communication of participant.cobrowsesessions ?? []) {
      if (communication.cobrowseSessionId === offerId || communication.id === offerId) return communication;
    }
  }
  return undefined;
}

/** Any co-browse on the conversation still offered or connected, whoever made it (for diagnosis only). */
export function anyOpenOffer(conversation: GenesysConversation): CobrowseCommunication | undefined {
  return conversation.participants
    .flatMap((p) => p.cobrowsesessions ?? [])
    .find((c) => {
      const m = meaning(c.state);
      return m === 'offered' || m === 'connected';
    });
}

/**
 * Whether the conversation is over. Real notification bodies carry no `endTime` (the
 * ConversationEventTopicConversation model has none), so a conversation also counts as over when
 * every communication of every participant is disconnected or terminated.
 */
export function conversationOver(conversation: GenesysConversation): boolean {
  if (conversation.endTime) return true;
  const communications = conversation.participants.flatMap((p) =>
    CHAT_MEDIA.flatMap((media) => p[media] ?? []),
  );
  return (
    communications.length > 0 &&
    communications.every((c) => c.state === 'disconnected' || c.state === 'terminated')
  );
}

/**
 * Genesys has no session resource to poll: the customer's answer and the session's end show up as
 * our offer's communication on the conversation. Unanswered past dateOfferEnds counts as expired.
 */
export function sessionFromConversation(
  conversation: GenesysConversation,
  ref: SessionRef,
  now = Date.now(),
): RemoteSession {
  const base = { id: ref.id, conversationId: conversation.id, expiresAt: ref.expiresAt };
  const communication = ownCommunication(conversation, ref.id);
  const over = conversationOver(conversation);
  const offerOver = ref.expiresAt !== undefined && Date.parse(ref.expiresAt) < now;
  const state = communication ? meaning(communication.state) : 'offered';
  switch (state) {
    case 'offered':
      if (over) return { ...base, state: 'ended', endReason: 'conversation-ended' };
      return offerOver
        ? { ...base, state: 'expired', endReason: 'offer-expired' }
        : { ...base, state: 'pending' };
    case 'connected':
      return over
        ? { ...base, state: 'ended', endReason: 'conversation-ended' }
        : { ...base, state: 'active' };
    case 'unknown':
      // Shown as unknown (and followed), with the platform's word for it.
      return { ...base, state: 'unknown', endReason: String(communication?.state).slice(0, 200) };
    case 'over':
      return finished(base, communication, offerOver);
  }
}

/** A disconnected or terminated offer: ended after connecting, expired, declined, or over for a reason we name. */
function finished(
  base: Pick<RemoteSession, 'id' | 'conversationId' | 'expiresAt'>,
  communication: CobrowseCommunication | undefined,
  offerOver: boolean,
): RemoteSession {
  const type = communication?.disconnectType;
  if (communication?.connectedTime) {
    const endReason = type === 'peer' ? 'customer-ended' : (type ?? 'disconnected');
    return { ...base, state: 'ended', endReason };
  }
  if (type === 'timeout' || (type === undefined && offerOver))
    return { ...base, state: 'expired', endReason: 'offer-expired' };
  // `peer`: the other side (the customer) hung up on the offer — the one reading that is a decline.
  if (type === 'peer') return { ...base, state: 'declined', endReason: 'customer-declined' };
  // Anything else (system, error, transfer…, endpoint): over before it connected, for that reason.
  return { ...base, state: 'ended', endReason: `offer-${type ?? 'disconnected'}` };
}
