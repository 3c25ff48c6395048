// The sessions-api mode's answers to what the desktop and customer pages ask.
import { findAgent } from '../directory';
import type { ChatView, PagesBackend } from '../pages/backend';
import type { PlatformState, Result } from '../state';
import type { Conversation } from '../types';

export function chatView(conversation: Conversation): ChatView {
  const customer = conversation.participants.find((p) => p.purpose === 'customer');
  const agent = conversation.participants.find((p) => p.purpose === 'agent');
  return {
    id: conversation.id,
    state: conversation.state,
    customerName: customer?.name ?? 'Customer',
    agent: agent ? { id: agent.userId ?? '', name: agent.name } : null,
  };
}

function mapResult<T, U>(result: Result<T>, map: (value: T) => U): Result<U> {
  return result.ok ? { ok: true, value: map(result.value) } : result;
}

export function sessionsApiPages(state: PlatformState): PagesBackend {
  return {
    chats: () => state.conversations().map(chatView),
    createChat: (customerName) => chatView(state.createConversation({ customerName })),
    acceptChat: (id, agentId) => mapResult(state.acceptConversation(id, agentId), chatView),
    endChat: (id) => mapResult(state.endConversation(id), chatView),
    customerName: (id) => {
      const conversation = state.conversation(id);
      if (!conversation) return undefined;
      return conversation.participants.find((p) => p.purpose === 'customer')?.name ?? 'the customer';
    },
    customerView: (id) => {
      const conversation = state.conversation(id);
      if (!conversation) return undefined;
      const session = state.sessions({ conversationId: conversation.id }).at(-1) ?? null;
      const agentName = session ? (findAgent(session.initiator.id)?.name ?? session.initiator.id) : null;
      return { conversation: { id: conversation.id, state: conversation.state }, session, agentName };
    },
    customerResponds: (id, answer) => state.customerResponds(id, answer),
  };
}
