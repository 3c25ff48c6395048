// Conversations and co-browse sessions, with the platform's rules for how they may change.
// Platform-neutral: each platform mode maps these results onto its own HTTP answers.
import { randomUUID } from 'node:crypto';
import { findAgent } from './directory';
import type { CobrowseSession, Conversation, EndReason, SessionState } from './types';

export type Result<T> =
  | { ok: true; value: T }
  | { ok: false; code: 'not_found' | 'conflict'; message: string };

export const CUSTOMER_NAMES = ['Alex Customer', 'Sam Shopper', 'Jordan Visitor', 'Riley Buyer'];
export const ID_PATTERN = /^[A-Za-z0-9._-]{1,128}$/;

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: 'not_found' | 'conflict', message: string): Result<never> => ({
  ok: false,
  code,
  message,
});

export class PlatformState {
  #conversations = new Map<string, Conversation>();
  #sessions = new Map<string, CobrowseSession>();

  constructor(
    private readonly consentTtlMs: () => number,
    private readonly baseUrl: () => string,
  ) {}

  createConversation(input: { id?: string; customerName?: string } = {}): Conversation {
    const id = input.id ?? randomUUID();
    if (!ID_PATTERN.test(id))
      throw new Error(`createConversation: id ${JSON.stringify(id)} is not 1-128 of [A-Za-z0-9._-]`);
    if (this.#conversations.has(id)) throw new Error(`createConversation: conversation ${id} already exists`);
    const name =
      input.customerName?.trim() || CUSTOMER_NAMES[this.#conversations.size % CUSTOMER_NAMES.length];
    const conversation: Conversation = {
      id,
      state: 'active',
      participants: [
        {
          id: randomUUID(),
          purpose: 'customer',
          name: name ?? 'Customer',
          state: 'connected',
          mediaType: 'chat',
        },
      ],
    };
    this.#conversations.set(id, conversation);
    return structuredClone(conversation);
  }

  conversation(id: string): Conversation | undefined {
    const conversation = this.#conversations.get(id);
    return conversation && structuredClone(conversation);
  }

  conversations(): Conversation[] {
    return [...this.#conversations.values()].map((c) => structuredClone(c));
  }

  /** What an agent's Accept does: the agent becomes a connected participant. Idempotent per agent. */
  acceptConversation(id: string, agentId: string): Result<Conversation> {
    const conversation = this.#conversations.get(id);
    const agent = findAgent(agentId);
    if (!conversation) return fail('not_found', `conversation ${id} does not exist`);
    if (!agent) return fail('not_found', `agent ${agentId} does not exist`);
    if (conversation.state === 'ended') return fail('conflict', `conversation ${id} has ended`);
    const taken = conversation.participants.find((p) => p.purpose === 'agent' && p.state === 'connected');
    if (taken && taken.userId !== agentId)
      return fail('conflict', `conversation ${id} was accepted by ${taken.userId}`);
    if (!taken) {
      conversation.participants.push({
        id: randomUUID(),
        purpose: 'agent',
        userId: agent.id,
        name: agent.name,
        state: 'connected',
        mediaType: 'chat',
      });
    }
    return ok(structuredClone(conversation));
  }

  /** Ends the chat, disconnects everyone and ends its live co-browse session. Idempotent. */
  endConversation(id: string): Result<Conversation> {
    const conversation = this.#conversations.get(id);
    if (!conversation) return fail('not_found', `conversation ${id} does not exist`);
    if (conversation.state === 'active') {
      this.#sweep();
      conversation.state = 'ended';
      for (const participant of conversation.participants) participant.state = 'disconnected';
      for (const session of this.#sessions.values()) {
        if (session.conversationId === id) this.#finish(session, 'ended', 'conversation-ended');
      }
    }
    return ok(structuredClone(conversation));
  }

  /** Returns null when the platform refuses; the platform deliberately does not say why. */
  createSession(input: {
    externalSessionId: string;
    initiatorId: string;
    conversationId: string;
  }): CobrowseSession | null {
    this.#sweep();
    const conversation = this.#conversations.get(input.conversationId);
    if (conversation?.state !== 'active') return null; // unknown or ended
    const agentConnected = conversation.participants.some(
      (p) => p.purpose === 'agent' && p.userId === input.initiatorId && p.state === 'connected',
    );
    if (!agentConnected) return null;
    const sessions = [...this.#sessions.values()];
    if (sessions.some((s) => s.externalSessionId === input.externalSessionId)) return null;
    if (sessions.some((s) => s.conversationId === conversation.id && isLive(s.state))) return null;
    const now = Date.now();
    const session: CobrowseSession = {
      id: randomUUID(),
      externalSessionId: input.externalSessionId,
      conversationId: conversation.id,
      state: 'pending',
      initiator: { type: 'agent', id: input.initiatorId },
      target: { type: 'customer', conversationId: conversation.id },
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + this.consentTtlMs()).toISOString(),
      joinUrl: `${this.baseUrl()}/customer/${encodeURIComponent(conversation.id)}`,
    };
    this.#sessions.set(session.id, session);
    return structuredClone(session);
  }

  session(id: string): CobrowseSession | undefined {
    this.#sweep();
    const session = this.#sessions.get(id);
    return session && structuredClone(session);
  }

  /** Sessions in creation order, optionally filtered. */
  sessions(filter: { externalSessionId?: string; conversationId?: string } = {}): CobrowseSession[] {
    this.#sweep();
    return [...this.#sessions.values()]
      .filter(
        (s) => filter.externalSessionId === undefined || s.externalSessionId === filter.externalSessionId,
      )
      .filter((s) => filter.conversationId === undefined || s.conversationId === filter.conversationId)
      .map((s) => structuredClone(s));
  }

  /** The agent's DELETE: idempotent once the session is over. */
  endSession(id: string): Result<CobrowseSession> {
    this.#sweep();
    const session = this.#sessions.get(id);
    if (!session) return fail('not_found', `session ${id} does not exist`);
    this.#finish(session, 'ended', 'agent-ended');
    return ok(structuredClone(session));
  }

  /**
   * The platform loses the session (purged, or a platform failover without it): from now on it reads,
   * ends and lists as if it never existed (404, left out of lists). A test hook, not a platform route.
   */
  forgetSession(id: string): Result<CobrowseSession> {
    const session = this.#sessions.get(id);
    if (!session) return fail('not_found', `session ${id} does not exist`);
    this.#sessions.delete(id);
    return ok(structuredClone(session));
  }

  /** The customer's answer: allow or decline a pending session, or stop an active one. */
  customerResponds(id: string, answer: 'allow' | 'decline' | 'stop'): Result<CobrowseSession> {
    this.#sweep();
    const session = this.#sessions.get(id);
    if (!session) return fail('not_found', `session ${id} does not exist`);
    const expected: SessionState = answer === 'stop' ? 'active' : 'pending';
    if (session.state !== expected)
      return fail('conflict', `session ${id} is ${session.state}, not ${expected}`);
    if (answer === 'allow') session.state = 'active';
    else if (answer === 'decline') this.#finish(session, 'declined', 'customer-declined');
    else this.#finish(session, 'ended', 'customer-ended');
    return ok(structuredClone(session));
  }

  reset(): void {
    this.#conversations.clear();
    this.#sessions.clear();
  }

  /** Expiry is evaluated lazily, before every read or change, so no timer can race a request. */
  #sweep(): void {
    const now = Date.now();
    for (const session of this.#sessions.values()) {
      if (session.state === 'pending' && Date.parse(session.expiresAt) <= now) {
        this.#finish(session, 'expired', 'consent-expired', session.expiresAt);
      }
    }
  }

  #finish(session: CobrowseSession, state: SessionState, reason: EndReason, at?: string): void {
    if (!isLive(session.state)) return;
    session.state = state;
    session.endedAt = at ?? new Date().toISOString();
    session.endReason = reason;
  }
}

function isLive(state: SessionState): boolean {
  return state === 'pending' || state === 'active';
}

/** For the programmatic API: a refused change becomes an Error naming the operation. */
export function must<T>(operation: string, result: Result<T>): void {
  if (!result.ok) throw new Error(`${operation}: ${result.message}`);
}
