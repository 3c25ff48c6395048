import { isHTTPError, type KyInstance } from 'ky';
import type * as z from 'zod/mini';
import { User } from '../../shared/messages';
import { CREATE_NO_RETRY, READ_RETRY } from '../api/client';
import { StartError } from '../api/errors';
import { customerNameOf } from './genesys-customer';
import { diagnoseGenesys } from './genesys-diagnose';
import { eligibility } from './genesys-eligibility';
import { genesysNotifications } from './genesys-notifications';
import { CobrowseOffer, GenesysConversation } from './genesys-schemas';
import { sessionFromConversation } from './genesys-state';
import { pkceAuthorizeUrl, tokenUrl } from './oauth';
import { readUsersMe } from './reads';
import type { Platform } from './types';

const conversationPath = (id: string) => `api/v2/conversations/${encodeURIComponent(id)}`;

export async function getConversation(api: KyInstance, id: string) {
  return api.get(conversationPath(id), { retry: READ_RETRY }).json(GenesysConversation);
}

/** A 404 on the conversation (read, or offered on) names it as unknown to the platform. */
function notFound(error: unknown): never {
  if (isHTTPError(error) && error.response.status === 404)
    throw new StartError({ code: 'conversation-not-found' }, 404);
  throw error;
}

/**
 * The conversation as the accept's event showed it, when that alone shows an eligible interaction.
 * The event body is the conversation (ConversationEventTopicConversation: participants with their
 * purpose, name, messages' `type` and calls' `direction`; docs/genesys-cloud.md section 10), so the
 * offer can leave without a read first. Anything else (no event, one that does not parse, one that
 * says "not eligible" or lacks the customer) is decided on a fresh read: an event can make an offer
 * sooner, never refuse one.
 */
function offerableFromEvent(seen: unknown, options: { voice: boolean }) {
  if (seen === undefined) return undefined;
  const parsed = GenesysConversation.safeParse(seen);
  return parsed.success && eligibility(parsed.data, options).eligible ? parsed.data : undefined;
}

/**
 * Genesys Cloud: `POST /api/v2/conversations/{id}/cobrowse` offers co-browse to the customer of a
 * web-messaging or voice conversation. There is no externalSessionId and no documented owner on an
 * offer: only the offer whose id our own POST answered with is ever taken for ours, and its fate is
 * read from the conversation's cobrowsesessions (docs/genesys-cloud.md).
 */
export const genesysCloud: Platform = {
  // No scope parameter: a Genesys OAuth client's scopes and the agent's roles decide what the token may do.
  authorizeUrl: (settings, params) => pkceAuthorizeUrl(settings, params),
  tokenUrl,

  fetchUser: (api) => readUsersMe(api, User),

  async start(api, { conversationId, cobrowseVoice = false, onCustomerName, seen }) {
    const options = { voice: cobrowseVoice };
    const conversation =
      offerableFromEvent(seen, options) ?? (await getConversation(api, conversationId).catch(notFound));
    // The notification stream is where the row gets the customer's name (the desktop gives none):
    // kept even when the offer then fails, and stored beside the POST, not ahead of it.
    const name = customerNameOf(conversation);
    const keepName = () => (name === undefined ? undefined : onCustomerName?.(name));
    // Only interactions that can carry co-browse are offered it: an SMS, a WhatsApp chat, a call
    // with voice co-browse off… is refused here, named, and never POSTed.
    const verdict = eligibility(conversation, options);
    if (!verdict.eligible) {
      await keepName();
      throw new StartError({ code: 'not-eligible', detail: verdict.media });
    }
    const offering = api
      .post(`${conversationPath(conversationId)}/cobrowse`, {
        // The endpoint takes no body, but the SDK sends Content-Type: application/json on every
        // call (ApiClient.callApi); so do we, so the request is the one the platform is tested with.
        headers: { 'content-type': 'application/json' },
        retry: CREATE_NO_RETRY,
      })
      .json(CobrowseOffer)
      // An event that was already stale (the conversation gone) is told by the offer itself.
      .catch(notFound);
    // One task later: ky calls fetch a few microtasks after post(), and the name's storage write
    // must not be issued ahead of it.
    const named = new Promise((resolve) => setTimeout(resolve)).then(keepName);
    let offer: z.infer<typeof CobrowseOffer>;
    try {
      offer = await offering;
    } finally {
      await named;
    }
    return {
      id: offer.id,
      state: 'pending',
      conversationId,
      expiresAt: offer.dateOfferEnds,
      // The customer of a voice call needs the join code: the agent reads it out.
      joinCode: verdict.media === 'voice' ? offer.joinCode : undefined,
    };
  },

  // An answer that was lost left us no id, and a 409 (request.conflict) says nothing about whose
  // offer is open: with no documented owner field, no open offer is provably ours, so none is adopted.
  async findAttempt() {
    return undefined;
  },

  async get(api, ref) {
    return sessionFromConversation(await getConversation(api, ref.conversationId), ref);
  },

  // The public API has no agent-side end for a web-messaging co-browse: it ends with the
  // conversation or when the customer stops sharing, and get() then reports it.
  async end() {},

  canEnd: false,
  diagnose: diagnoseGenesys,
  notifications: genesysNotifications,
};
