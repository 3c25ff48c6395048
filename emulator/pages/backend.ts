// What the desktop and customer pages need from a platform mode. Each mode (sessions-api,
// genesys-cloud) maps its own state onto these views, so the pages and their scripts are shared.
import type { Result } from '../state';

export interface ChatView {
  id: string;
  state: 'active' | 'ended';
  customerName: string;
  /** Whoever accepted the chat. */
  agent: { id: string; name: string } | null;
}

/** The latest co-browse request as the customer page draws it. */
export interface CustomerSessionView {
  id: string;
  state: 'pending' | 'active' | 'declined' | 'expired' | 'ended';
  expiresAt: string;
  endReason?: string;
}

export interface CustomerView {
  conversation: { id: string; state: 'active' | 'ended' };
  session: CustomerSessionView | null;
  agentName: string | null;
}

export type CustomerAnswer = 'allow' | 'decline' | 'stop';

export interface PagesBackend {
  chats(): ChatView[];
  createChat(customerName?: string): ChatView;
  acceptChat(id: string, agentId: string): Result<ChatView>;
  endChat(id: string): Result<ChatView>;
  /** undefined when the conversation does not exist. */
  customerName(conversationId: string): string | undefined;
  customerView(conversationId: string): CustomerView | undefined;
  customerResponds(sessionId: string, answer: CustomerAnswer): Result<unknown>;
}

export interface PageOptions {
  /** 'never': the vendor's own desktop, which nobody can instrument, announces nothing. */
  announce: 'configurable' | 'never';
  /** The customer's button that accepts a request. */
  allowLabel: string;
}
