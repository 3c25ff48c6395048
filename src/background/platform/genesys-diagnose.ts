import type { KyInstance } from 'ky';
import type { Cause } from '../../shared/causes';
import {
  COBROWSE_MEDIA,
  connectedMedia,
  GenesysConversation,
  GenesysUser,
  permissionFor,
} from './genesys-schemas';
import { openOffer } from './genesys-state';
import { diagnosisFailed, readConversation, readUsersMe } from './reads';
import type { DiagnoseContext } from './types';

/** The checks behind a Genesys refusal, in the order an agent can act on them. */
export async function diagnoseGenesys(api: KyInstance, context: DiagnoseContext): Promise<Cause> {
  try {
    const me = await readUsersMe(api, GenesysUser, { expand: 'authorization' });
    if (me.id !== context.user.id)
      return { code: 'initiator-mismatch', detail: `signed in as ${context.user.id}, token user ${me.id}` };
    const conversation = await readConversation(api, context.conversationId, GenesysConversation);
    if (!conversation) return { code: 'conversation-not-found' };
    const customer = conversation.participants.find((p) => p.purpose === 'customer');
    const needed = permissionFor(customer);
    const permissions = me.authorization?.permissions ?? [];
    if (!permissions.some((p) => p === needed || p === 'conversation:*:*' || p === '*:*:*')) {
      return { code: 'missing-permission', detail: needed };
    }
    if (conversation.endTime) return { code: 'conversation-ended' };
    if (!COBROWSE_MEDIA.some((media) => (customer?.[media]?.length ?? 0) > 0)) {
      return { code: 'unsupported-media', detail: 'co-browse needs a web messaging or voice conversation' };
    }
    const agent = conversation.participants.find((p) => p.purpose === 'agent' && p.userId === me.id);
    if (!connectedMedia(agent)) return { code: 'agent-not-connected' };
    if (openOffer(conversation)) return { code: 'session-already-open' };
    return { code: 'unexplained-400' };
  } catch (error) {
    return diagnosisFailed(error);
  }
}
