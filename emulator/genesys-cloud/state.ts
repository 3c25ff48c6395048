// Conversations and co-browse offers in the genesys-cloud mode, with the platform's rules for how
// they change. Every change is announced to listeners (the notification stream), and an offer's
// expiry fires on a timer so the stream hears of it without anyone asking.
import { randomInt, randomUUID } from 'node:crypto';
import { findAgent } from '../directory';
import type { Result } from '../state';
import {
  type CobrowseCommunication,
  type CobrowseOffer,
  type ConversationRecord,
  connect,
  disconnect,
  newAgentParty,
  newConversation,
  now,
} from './model';
import type { GenesysConversationInput } from './types';

/** A participant handling the interaction for the business: routed (`agent`) or reached directly (`user`). */
const isAgentParty = (p: { purpose: string }) => p.purpose === 'agent' || p.purpose === 'user';

const CUSTOMER_NAMES = ['Alex Customer', 'Sam Shopper', 'Jordan Visitor', 'Riley Buyer'];
const ID_PATTERN = /^[A-Za-z0-9._-]{1,128}$/;

export type OfferRefusal = 'not_found' | 'ended' | 'not_connected' | 'conflict';
export type ChangeListener = (conversation: ConversationRecord) => void;

const fail = (code: 'not_found' | 'conflict', message: string): Result<never> => ({
  ok: false,
  code,
  message,
});

export class GenesysState {
  #conversations = new Map<string, ConversationRecord>();
  #offers = new Map<string, CobrowseOffer>();
  #listeners = new Set<ChangeListener>();
  #timers = new Set<NodeJS.Timeout>();

  constructor(private readonly consentTtlMs: () => number) {}

  onChange(listener: ChangeListener): void {
    this.#listeners.add(listener);
  }

  createConversation(input: GenesysConversationInput = {}): ConversationRecord {
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

  conversation(id: string): ConversationRecord | undefined {
    this.#sweep();
    const conversation = this.#conversations.get(id);
    return conversation && structuredClone(conversation);
  }

  conversations(): ConversationRecord[] {
    this.#sweep();
    return [...this.#conversations.values()].map((c) => structuredClone(c));
  }

  /** The agent answers: a connected agent participant. Idempotent per agent. */
  acceptConversation(id: string, agentId: string): Result<ConversationRecord> {
    const conversation = this.#conversations.get(id);
    const agent = findAgent(agentId);
    if (!conversation) return fail('not_found', `conversation ${id} does not exist`);
    if (!agent) return fail('not_found', `agent ${agentId} does not exist`);
    if (conversation.endTime) return fail('conflict', `conversation ${id} has ended`);
    const taken = conversation.parties.find((p) => isAgentParty(p) && p.media.state === 'connected');
    if (taken && taken.userId !== agentId)
      return fail('conflict', `conversation ${id} was accepted by ${taken.userId}`);
    if (!taken) {
      conversation.parties.push(newAgentParty(agent));
      this.#changed(conversation);
    }
    return { ok: true, value: structuredClone(conversation) };
  }

  /**
   * A blind transfer to another agent (as a user: purpose `user`): the current agent's communication
   * disconnects with disconnectType `transfer`, the new agent joins connected. Open co-browse offers
   * stay as they are, on the customer — they were the first agent's.
   */
  transferConversation(id: string, toAgentId: string): Result<ConversationRecord> {
    const conversation = this.#conversations.get(id);
    const agent = findAgent(toAgentId);
    if (!conversation) return fail('not_found', `conversation ${id} does not exist`);
    if (!agent) return fail('not_found', `agent ${toAgentId} does not exist`);
    if (conversation.endTime) return fail('conflict', `conversation ${id} has ended`);
    const current = conversation.parties.find((p) => isAgentParty(p) && p.media.state === 'connected');
    if (!current) return fail('conflict', `conversation ${id} has no connected agent to transfer from`);
    if (current.userId === toAgentId)
      return fail('conflict', `conversation ${id} is already with ${toAgentId}`);
    const at = now();
    disconnect(current.media, 'transfer', at);
    current.endTime = at;
    conversation.parties.push(newAgentParty(agent, 'user'));
    this.#changed(conversation);
    return { ok: true, value: structuredClone(conversation) };
  }

  /** Ends the conversation: every communication disconnects, live co-browse included. Idempotent. */
  endConversation(id: string): Result<ConversationRecord> {
    this.#sweep();
    const conversation = this.#conversations.get(id);
    if (!conversation) return fail('not_found', `conversation ${id} does not exist`);
    if (!conversation.endTime) {
      const at = now();
      conversation.endTime = at;
      for (const party of conversation.parties) {
        disconnect(party.media, 'endpoint', at);
        party.endTime = at;
      }
      for (const offer of this.#offers.values()) {
        // Quiet: the one change event below carries the offer's end with the conversation's.
        if (offer.conversationId === id)
          this.#finish(offer, 'ended', 'conversation-ended', 'endpoint', at, false);
      }
      this.#changed(conversation);
    }
    return { ok: true, value: structuredClone(conversation) };
  }

  /** The POST .../cobrowse rules once permissions and medium have passed. */
  offerCobrowse(conversationId: string, agentId: string): CobrowseOffer | OfferRefusal {
    this.#sweep();
    const conversation = this.#conversations.get(conversationId);
    if (!conversation) return 'not_found';
    if (conversation.endTime) return 'ended';
    const agentConnected = conversation.parties.some(
      (p) => isAgentParty(p) && p.userId === agentId && p.media.state === 'connected',
    );
    if (!agentConnected) return 'not_connected';
    const live = [...this.#offers.values()].some(
      (o) => o.conversationId === conversationId && (o.state === 'pending' || o.state === 'active'),
    );
    if (live) return 'conflict';
    const createdAt = Date.now();
    const offer: CobrowseOffer = {
      id: randomUUID(),
      conversationId,
      state: 'pending',
      joinCode: this.#joinCode(),
      createdAt: new Date(createdAt).toISOString(),
      dateOfferEnds: new Date(createdAt + this.consentTtlMs()).toISOString(),
    };
    this.#offers.set(offer.id, offer);
    const customer = conversation.parties.find((p) => p.purpose === 'customer');
    customer?.cobrowse.push({
      // The communication's own id; the offer's id is its cobrowseSessionId (Models.Cobrowsesession).
      id: randomUUID(),
      offerId: offer.id,
      state: 'alerting',
      initialState: 'alerting',
      startAlertingTime: offer.createdAt,
    });
    this.#schedule(createdAt + this.consentTtlMs());
    this.#changed(conversation);
    return structuredClone(offer);
  }

  /**
   * Test hook: puts an offer's communication in any state the definitions list (or any other), to
   * show what the extension makes of states the emulator's own flow never produces.
   */
  setCommunicationState(offerId: string, state: string): Result<CobrowseOffer> {
    const offer = this.#offers.get(offerId);
    if (!offer) return fail('not_found', `co-browse offer ${offerId} does not exist`);
    const comm = this.#communication(offer);
    if (!comm) return fail('not_found', `co-browse offer ${offerId} has no communication`);
    (comm as { state: string }).state = state;
    this.#changedById(offer.conversationId);
    return { ok: true, value: structuredClone(offer) };
  }

  offers(): CobrowseOffer[] {
    this.#sweep();
    return [...this.#offers.values()].map((o) => structuredClone(o));
  }

  /** The customer's answer: accept or decline an alerting offer, or stop a connected one. */
  customerResponds(id: string, answer: 'allow' | 'decline' | 'stop'): Result<CobrowseOffer> {
    this.#sweep();
    const offer = this.#offers.get(id);
    if (!offer) return fail('not_found', `co-browse offer ${id} does not exist`);
    const expected = answer === 'stop' ? 'active' : 'pending';
    if (offer.state !== expected) return fail('conflict', `offer ${id} is ${offer.state}, not ${expected}`);
    if (answer === 'allow') {
      offer.state = 'active';
      const comm = this.#communication(offer);
      if (comm) connect(comm);
      this.#changedById(offer.conversationId);
    } else if (answer === 'decline') this.#finish(offer, 'declined', 'customer-declined', 'peer');
    else this.#finish(offer, 'ended', 'customer-ended', 'peer');
    return { ok: true, value: structuredClone(offer) };
  }

  reset(): void {
    this.#conversations.clear();
    this.#offers.clear();
    this.stopTimers();
  }

  stopTimers(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  /** Expiry is also evaluated before every read, so a request never sees a stale offer. */
  #sweep(): void {
    const time = Date.now();
    for (const offer of this.#offers.values()) {
      if (offer.state === 'pending' && Date.parse(offer.dateOfferEnds) <= time) {
        this.#finish(offer, 'expired', 'consent-expired', 'timeout', offer.dateOfferEnds);
      }
    }
  }

  #schedule(atMs: number): void {
    const timer = setTimeout(
      () => {
        this.#timers.delete(timer);
        this.#sweep();
      },
      Math.max(0, atMs - Date.now()) + 5,
    );
    this.#timers.add(timer);
  }

  #finish(
    offer: CobrowseOffer,
    state: CobrowseOffer['state'],
    reason: NonNullable<CobrowseOffer['endReason']>,
    type: 'peer' | 'timeout' | 'endpoint',
    at = now(),
    announce = true,
  ): void {
    if (offer.state !== 'pending' && offer.state !== 'active') return;
    offer.state = state;
    offer.endedAt = at;
    offer.endReason = reason;
    const comm = this.#communication(offer);
    if (comm) disconnect(comm, type, at);
    if (announce) this.#changedById(offer.conversationId);
  }

  #communication(offer: CobrowseOffer): CobrowseCommunication | undefined {
    const conversation = this.#conversations.get(offer.conversationId);
    return conversation?.parties.flatMap((p) => p.cobrowse).find((c) => c.offerId === offer.id);
  }

  #joinCode(): string {
    const taken = new Set([...this.#offers.values()].map((o) => o.joinCode));
    let code: string;
    do code = String(randomInt(100_000, 1_000_000));
    while (taken.has(code));
    return code;
  }

  #changedById(id: string): void {
    const conversation = this.#conversations.get(id);
    if (conversation) this.#changed(conversation);
  }

  #changed(conversation: ConversationRecord): void {
    for (const listener of this.#listeners) listener(structuredClone(conversation));
  }
}
