import type { KyInstance } from 'ky';
import type { Cause } from '../../shared/causes';
import {
  AGENT_PURPOSES,
  connectedMedia,
  GenesysConversation,
  GenesysUser,
  hasPermission,
  isAgentOf,
  permissionFor,
} from './genesys-schemas';
import { anyOpenOffer, conversationOver } from './genesys-state';
import { acceptedByOther } from './other-agent';
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
    if (!hasPermission(me.authorization?.permissions ?? [], needed)) {
      return { code: 'missing-permission', detail: needed };
    }
    if (conversationOver(conversation)) return { code: 'conversation-ended' };
    if (!(customer?.messages?.length || customer?.calls?.length)) {
      return { code: 'unsupported-media', detail: 'co-browse needs a web messaging or voice conversation' };
    }
    const agent = conversation.participants.filter((p) => isAgentOf(p, me.id));
    if (!agent.some((p) => connectedMedia(p))) {
      // Another user is the connected agent: the desktop and the extension disagree about who the agent is.
      const other = conversation.participants.find(
        (p) => AGENT_PURPOSES.has(p.purpose ?? '') && p.userId !== me.id && connectedMedia(p),
      );
      return other ? acceptedByOther(other, me) : { code: 'agent-not-connected' };
    }
    // Whoever made it (another agent before a transfer, or our own attempt whose answer was lost):
    // the platform refuses a second offer, and nothing proves that one is ours to follow.
    if (anyOpenOffer(conversation))
      return { code: 'session-already-open', detail: 'an offer this extension did not see created is open' };
    return { code: 'unexplained-400' };
  } catch (error) {
    return diagnosisFailed(error);
  }
}
