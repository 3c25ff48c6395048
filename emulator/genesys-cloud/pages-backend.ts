// The genesys-cloud mode's answers to what the desktop and customer pages ask. The customer's
// answer goes to the offer, and shows up for the agent only in the conversation's cobrowsesessions.
import type { ChatView, CustomerSessionView, PagesBackend } from '../pages/backend';
import type { Result } from '../state';
import type { ConversationRecord } from './model';
import type { GenesysState } from './state';
import type { CobrowseOffer } from './types';

/** The agent handling the conversation now (after a transfer, the one it went to). */
function currentAgent(conversation: ConversationRecord) {
  const agents = conversation.parties.filter((p) => p.purpose === 'agent' || p.purpose === 'user');
  return agents.findLast((p) => p.media.disconnectType !== 'transfer') ?? agents.at(-1);
}

function chatView(conversation: ConversationRecord): ChatView {
  const customer = conversation.parties.find((p) => p.purpose === 'customer');
  const agent = currentAgent(conversation);
  return {
    id: conversation.id,
    state: conversation.endTime ? 'ended' : 'active',
    customerName: customer?.name ?? 'Customer',
    agent: agent ? { id: agent.userId ?? '', name: agent.name } : null,
  };
}

function mapResult<T, U>(result: Result<T>, map: (value: T) => U): Result<U> {
  return result.ok ? { ok: true, value: map(result.value) } : result;
}

function sessionView(
  offer: CobrowseOffer,
  conversation: ConversationRecord,
): CustomerSessionView & { joinCode: string; communicationState?: string } {
  const comm = conversation.parties.flatMap((p) => p.cobrowse).find((c) => c.offerId === offer.id);
  return {
    ...offer,
    expiresAt: offer.dateOfferEnds,
    ...(comm ? { communicationState: comm.state } : {}),
  };
}

export function genesysPages(state: GenesysState): PagesBackend {
  return {
    chats: () => state.conversations().map(chatView),
    createChat: (customerName) => chatView(state.createConversation({ customerName })),
    acceptChat: (id, agentId) => mapResult(state.acceptConversation(id, agentId), chatView),
    endChat: (id) => mapResult(state.endConversation(id), chatView),
    customerName: (id) => {
      const conversation = state.conversation(id);
      if (!conversation) return undefined;
      return conversation.parties.find((p) => p.purpose === 'customer')?.name ?? 'the customer';
    },
    customerView: (id) => {
      const conversation = state.conversation(id);
      if (!conversation) return undefined;
      const offer = state
        .offers()
        .filter((o) => o.conversationId === id)
        .at(-1);
      const agent = currentAgent(conversation);
      return {
        conversation: { id, state: conversation.endTime ? 'ended' : 'active' },
        session: offer ? sessionView(offer, conversation) : null,
        agentName: offer ? (agent?.name ?? 'Your agent') : null,
      };
    },
    customerResponds: (id, answer) => state.customerResponds(id, answer),
  };
}
