// The genesys-cloud mode's conversations and who handles them: created, answered, transferred,
// ended. Every change is announced to listeners (the notification stream). Co-browse offers on them
// are offers.ts's; state.ts puts the two together.
import { randomUUID } from 'node:crypto';
import { type Agent, findAgent } from '../directory';
import { CUSTOMER_NAMES, fail, ID_PATTERN, ok, type Result } from '../state';
import {
  type CobrowseCommunication,
  type CobrowseOffer,
  type ConversationRecord,
  disconnect,
  newAgentParty,
  newConversation,
  now,
  type Party,
} from './model';
import type { GenesysConversationInput } from './types';

/** A participant handling the interaction for the business: routed (`agent`) or reached directly (`user`). */
export const isAgentParty = (p: { purpose: string }) => p.purpose === 'agent' || p.purpose === 'user';

export type ChangeListener = (conversation: ConversationRecord) => void;

export class ConversationBook {
  #conversations = new Map<string, ConversationRecord>();
  #listeners = new Set<ChangeListener>();

  onChange(listener: ChangeListener): void {
    this.#listeners.add(listener);
  }

  create(input: GenesysConversationInput = {}): ConversationRecord {
    const id = input.id ?? randomUUID();
    if (!ID_PATTERN.test(id))
      throw new Error(`createConversation: id ${JSON.stringify(id)} is not 1-128 of [A-Za-z0-9._-]`);
    if (this.#conversations.has(id)) throw new Error(`createConversation: conversation ${id} already exists`);
    const name =
      input.customerName?.trim() || CUSTOMER_NAMES[this.#conversations.size % CUSTOMER_NAMES.length];
    const conversation = newConversation(id, input.mediaType ?? 'webmessaging', name ?? 'Customer');
    this.#conversations.set(id, conversation);
    return structuredClone(conversation);
  }

  /** The live record, for changes made by this mode (callers outside it get copies). */
  get(id: string): ConversationRecord | undefined {
    return this.#conversations.get(id);
  }

  copy(id: string): ConversationRecord | undefined {
    const conversation = this.#conversations.get(id);
    return conversation && structuredClone(conversation);
  }

  copies(): ConversationRecord[] {
    return [...this.#conversations.values()].map((c) => structuredClone(c));
  }

  /** The agent answers: a connected agent participant. Idempotent per agent. */
  accept(id: string, agentId: string): Result<ConversationRecord> {
    const open = this.#open(id, agentId);
    if (!open.ok) return open;
    const { conversation, agent, handler } = open.value;
    if (handler && handler.userId !== agentId)
      return fail('conflict', `conversation ${id} was accepted by ${handler.userId}`);
    if (!handler) {
      conversation.parties.push(newAgentParty(agent));
      this.announce(conversation);
    }
    return ok(structuredClone(conversation));
  }

  /**
   * A blind transfer to another agent (as a user: purpose `user`): the current agent's communication
   * disconnects with disconnectType `transfer`, the new agent joins connected. Open co-browse offers
   * stay as they are, on the customer — they were the first agent's.
   */
  transfer(id: string, toAgentId: string): Result<ConversationRecord> {
    const open = this.#open(id, toAgentId);
    if (!open.ok) return open;
    const { conversation, agent, handler } = open.value;
    if (!handler) return fail('conflict', `conversation ${id} has no connected agent to transfer from`);
    if (handler.userId === toAgentId)
      return fail('conflict', `conversation ${id} is already with ${toAgentId}`);
    const at = now();
    disconnect(handler.media, 'transfer', at);
    handler.endTime = at;
    conversation.parties.push(newAgentParty(agent, 'user'));
    this.announce(conversation);
    return ok(structuredClone(conversation));
  }

  /** A conversation still going, the agent who is to handle it, and who handles it now (if anyone). */
  #open(
    id: string,
    agentId: string,
  ): Result<{ conversation: ConversationRecord; agent: Agent; handler?: Party }> {
    const conversation = this.#conversations.get(id);
    const agent = findAgent(agentId);
    if (!conversation) return fail('not_found', `conversation ${id} does not exist`);
    if (!agent) return fail('not_found', `agent ${agentId} does not exist`);
    if (conversation.endTime) return fail('conflict', `conversation ${id} has ended`);
    const handler = conversation.parties.find((p) => isAgentParty(p) && p.media.state === 'connected');
    return ok({ conversation, agent, handler });
  }

  /**
   * Ends the conversation: every communication disconnects, and `endOffers` ends its co-browse offers
   * quietly, so the one change event carries the offers' end with the conversation's. Idempotent.
   */
  end(id: string, endOffers: (at: string) => void): Result<ConversationRecord> {
    const conversation = this.#conversations.get(id);
    if (!conversation) return fail('not_found', `conversation ${id} does not exist`);
    if (!conversation.endTime) {
      const at = now();
      conversation.endTime = at;
      for (const party of conversation.parties) {
        disconnect(party.media, 'endpoint', at);
        party.endTime = at;
      }
      endOffers(at);
      this.announce(conversation);
    }
    return ok(structuredClone(conversation));
  }

  /** The offer's communication, on whichever participant carries it. */
  communication(offer: CobrowseOffer): CobrowseCommunication | undefined {
    const conversation = this.#conversations.get(offer.conversationId);
    return conversation?.parties.flatMap((p) => p.cobrowse).find((c) => c.offerId === offer.id);
  }

  announceById(id: string): void {
    const conversation = this.#conversations.get(id);
    if (conversation) this.announce(conversation);
  }

  announce(conversation: ConversationRecord): void {
    for (const listener of this.#listeners) listener(structuredClone(conversation));
  }

  clear(): void {
    this.#conversations.clear();
  }
}
