// The genesys-cloud mode's state: its conversations (conversations.ts) and the co-browse offers on
// them (offers.ts), behind the one interface the routes, pages and test hooks use. Offer expiry is
// evaluated before every read, so no answer shows a stale offer.
import type { Result } from '../state';
import { type ChangeListener, ConversationBook } from './conversations';
import type { CobrowseOffer, ConversationRecord } from './model';
import { OfferBook, type OfferRefusal } from './offers';
import type { GenesysConversationInput } from './types';

export type { ChangeListener, OfferRefusal };

export class GenesysState {
  #conversations = new ConversationBook();
  #offers: OfferBook;

  constructor(consentTtlMs: () => number) {
    this.#offers = new OfferBook(this.#conversations, consentTtlMs);
  }

  onChange(listener: ChangeListener): void {
    this.#conversations.onChange(listener);
  }

  createConversation(input: GenesysConversationInput = {}): ConversationRecord {
    return this.#conversations.create(input);
  }

  conversation(id: string): ConversationRecord | undefined {
    this.#offers.sweep();
    return this.#conversations.copy(id);
  }

  conversations(): ConversationRecord[] {
    this.#offers.sweep();
    return this.#conversations.copies();
  }

  acceptConversation(id: string, agentId: string): Result<ConversationRecord> {
    return this.#conversations.accept(id, agentId);
  }

  transferConversation(id: string, toAgentId: string): Result<ConversationRecord> {
    return this.#conversations.transfer(id, toAgentId);
  }

  /** Every communication disconnects, live co-browse included. Idempotent. */
  endConversation(id: string): Result<ConversationRecord> {
    this.#offers.sweep();
    return this.#conversations.end(id, (at) => this.#offers.endAllIn(id, at));
  }

  offerCobrowse(conversationId: string, agentId: string): CobrowseOffer | OfferRefusal {
    return this.#offers.offer(conversationId, agentId);
  }

  setCommunicationState(offerId: string, state: string): Result<CobrowseOffer> {
    return this.#offers.setCommunicationState(offerId, state);
  }

  offers(): CobrowseOffer[] {
    return this.#offers.copies();
  }

  customerResponds(id: string, answer: 'allow' | 'decline' | 'stop'): Result<CobrowseOffer> {
    return this.#offers.respond(id, answer);
  }

  reset(): void {
    this.#conversations.clear();
    this.#offers.clear();
    this.stopTimers();
  }

  stopTimers(): void {
    this.#offers.stopTimers();
  }
}
