// Co-browse offers in the genesys-cloud mode: the POST …/cobrowse rules, the customer's answer, and
// expiry, which fires on a timer so the notification stream hears of it without anyone asking. Each
// offer's communication lives on its conversation (conversations.ts), which announces the change.
import { randomInt, randomUUID } from 'node:crypto';
import { fail, ok, type Result } from '../state';
import { type ConversationBook, isAgentParty } from './conversations';
import { type CobrowseOffer, connect, disconnect, now } from './model';

export type OfferRefusal = 'not_found' | 'ended' | 'not_connected' | 'conflict';

export class OfferBook {
  #offers = new Map<string, CobrowseOffer>();
  #timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly conversations: ConversationBook,
    private readonly consentTtlMs: () => number,
  ) {}

  /** The POST .../cobrowse rules once permissions and medium have passed. */
  offer(conversationId: string, agentId: string): CobrowseOffer | OfferRefusal {
    this.sweep();
    const conversation = this.conversations.get(conversationId);
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
    this.conversations.announce(conversation);
    return structuredClone(offer);
  }

  /**
   * Test hook: puts an offer's communication in any state the definitions list (or any other), to
   * show what the extension makes of states the emulator's own flow never produces.
   */
  setCommunicationState(offerId: string, state: string): Result<CobrowseOffer> {
    const offer = this.#offers.get(offerId);
    if (!offer) return fail('not_found', `co-browse offer ${offerId} does not exist`);
    const comm = this.conversations.communication(offer);
    if (!comm) return fail('not_found', `co-browse offer ${offerId} has no communication`);
    (comm as { state: string }).state = state;
    this.conversations.announceById(offer.conversationId);
    return ok(structuredClone(offer));
  }

  copies(): CobrowseOffer[] {
    this.sweep();
    return [...this.#offers.values()].map((o) => structuredClone(o));
  }

  /** The customer's answer: accept or decline an alerting offer, or stop a connected one. */
  respond(id: string, answer: 'allow' | 'decline' | 'stop'): Result<CobrowseOffer> {
    this.sweep();
    const offer = this.#offers.get(id);
    if (!offer) return fail('not_found', `co-browse offer ${id} does not exist`);
    const expected = answer === 'stop' ? 'active' : 'pending';
    if (offer.state !== expected) return fail('conflict', `offer ${id} is ${offer.state}, not ${expected}`);
    if (answer === 'allow') {
      offer.state = 'active';
      const comm = this.conversations.communication(offer);
      if (comm) connect(comm);
      this.conversations.announceById(offer.conversationId);
    } else if (answer === 'decline') this.#finish(offer, 'declined', 'customer-declined', 'peer');
    else this.#finish(offer, 'ended', 'customer-ended', 'peer');
    return ok(structuredClone(offer));
  }

  /** The conversation ended: its offers end with it, quietly (the conversation's event carries it). */
  endAllIn(conversationId: string, at: string): void {
    for (const offer of this.#offers.values()) {
      if (offer.conversationId === conversationId)
        this.#finish(offer, 'ended', 'conversation-ended', 'endpoint', at, false);
    }
  }

  /** Expiry is also evaluated before every read, so a request never sees a stale offer. */
  sweep(): void {
    const time = Date.now();
    for (const offer of this.#offers.values()) {
      if (offer.state === 'pending' && Date.parse(offer.dateOfferEnds) <= time) {
        this.#finish(offer, 'expired', 'consent-expired', 'timeout', offer.dateOfferEnds);
      }
    }
  }

  clear(): void {
    this.#offers.clear();
  }

  stopTimers(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  #schedule(atMs: number): void {
    const timer = setTimeout(
      () => {
        this.#timers.delete(timer);
        this.sweep();
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
    const comm = this.conversations.communication(offer);
    if (comm) disconnect(comm, type, at);
    if (announce) this.conversations.announceById(offer.conversationId);
  }

  #joinCode(): string {
    const taken = new Set([...this.#offers.values()].map((o) => o.joinCode));
    let code: string;
    do code = String(randomInt(100_000, 1_000_000));
    while (taken.has(code));
    return code;
  }
}
