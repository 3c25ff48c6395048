import type { KyInstance } from 'ky';
import { User } from '../../shared/messages';
import { CREATE_RETRY } from '../api/client';
import { diagnoseGenesys } from './genesys-diagnose';
import { genesysNotifications } from './genesys-notifications';
import { CobrowseOffer, GenesysConversation } from './genesys-schemas';
import { openOffer, sessionFromConversation } from './genesys-state';
import { pkceAuthorizeUrl, tokenUrl } from './oauth';
import { readUsersMe } from './reads';
import type { Platform } from './types';

const conversationPath = (id: string) => `api/v2/conversations/${encodeURIComponent(id)}`;

export async function getConversation(api: KyInstance, id: string) {
  return api.get(conversationPath(id), { retry: 2 }).json(GenesysConversation);
}

/**
 * Genesys Cloud: `POST /api/v2/conversations/{id}/cobrowse` offers co-browse to the customer of a
 * web-messaging or voice conversation. There is no externalSessionId: an attempt whose answer was
 * lost is found as the conversation's open offer, and the offer's fate is read from the conversation.
 */
export const genesysCloud: Platform = {
  // No scope parameter: a Genesys OAuth client's scopes and the agent's roles decide what the token may do.
  authorizeUrl: (settings, params) => pkceAuthorizeUrl(settings, params),
  tokenUrl,

  fetchUser: (api) => readUsersMe(api, User),

  async start(api, { conversationId }) {
    const offer = await api
      .post(`${conversationPath(conversationId)}/cobrowse`, { retry: CREATE_RETRY, totalTimeout: 30_000 })
      .json(CobrowseOffer);
    return { id: offer.id, state: 'pending', conversationId, expiresAt: offer.dateOfferEnds };
  },

  async findAttempt(api, { conversationId }) {
    return openOffer(await getConversation(api, conversationId));
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
