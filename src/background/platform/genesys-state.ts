import type { GenesysConversation } from './genesys-schemas';
import type { RemoteSession, SessionRef } from './types';

/** The co-browse offer's communication, wherever on the conversation it sits. */
function findCommunication(conversation: GenesysConversation, id?: string) {
  for (const participant of conversation.participants) {
    for (const communication of participant.cobrowsesessions ?? []) {
      if (id === undefined ? communication.state !== 'disconnected' : communication.id === id)
        return communication;
    }
  }
  return undefined;
}

/**
 * Genesys has no session resource to poll: the customer's answer and the session's end show up as
 * the offer's communication on the conversation. Unanswered past dateOfferEnds counts as expired.
 */
export function sessionFromConversation(
  conversation: GenesysConversation,
  ref: SessionRef,
  now = Date.now(),
): RemoteSession {
  const base = { id: ref.id, conversationId: conversation.id, expiresAt: ref.expiresAt };
  const communication = findCommunication(conversation, ref.id);
  const offerOver = ref.expiresAt !== undefined && Date.parse(ref.expiresAt) < now;
  if (!communication || communication.state === 'alerting') {
    if (conversation.endTime) return { ...base, state: 'ended', endReason: 'conversation-ended' };
    return {
      ...base,
      state: offerOver ? 'expired' : 'pending',
      endReason: offerOver ? 'offer-expired' : undefined,
    };
  }
  if (communication.state === 'connected')
    return { ...base, state: conversation.endTime ? 'ended' : 'active' };
  if (communication.connectedTime)
    return { ...base, state: 'ended', endReason: communication.disconnectType ?? 'disconnected' };
  if (communication.disconnectType === 'timeout' || offerOver)
    return { ...base, state: 'expired', endReason: 'offer-expired' };
  return { ...base, state: 'declined', endReason: communication.disconnectType ?? 'declined' };
}

/** An offer already alerting or connected on the conversation: what a lost POST may have created. */
export function openOffer(conversation: GenesysConversation): RemoteSession | undefined {
  const communication = findCommunication(conversation);
  if (!communication) return undefined;
  return sessionFromConversation(conversation, { id: communication.id, conversationId: conversation.id });
}
