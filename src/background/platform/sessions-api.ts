import type { KyInstance } from 'ky';
import * as z from 'zod/mini';
import type { Cause } from '../../shared/causes';
import { User } from '../../shared/messages';
import { CREATE_NO_RETRY, READ_RETRY } from '../api/client';
import { pkceAuthorizeUrl, tokenUrl } from './oauth';
import { acceptedByOther } from './other-agent';
import { diagnosisFailed, readConversation, readUsersMe } from './reads';
import { CreateSessionBody, SessionBody, SessionList, toRemote } from './sessions-api-schemas';
import type { DiagnoseContext, Platform, StartRequest } from './types';

const SESSIONS = 'api/v2/conversations/cobrowse/sessions';

const Conversation = z.object({
  id: z.string(),
  state: z.enum(['active', 'ended']),
  participants: z.array(
    z.looseObject({
      purpose: z.string(),
      userId: z.optional(z.string()),
      name: z.optional(z.string()),
      state: z.string(),
    }),
  ),
});

function buildBody({ conversationId, externalSessionId, user }: StartRequest) {
  return CreateSessionBody.parse({
    externalSessionId,
    initiator: { type: 'agent', id: user.id },
    target: { type: 'customer', conversationId },
  });
}

export const sessionsApi: Platform = {
  authorizeUrl: (settings, params) => pkceAuthorizeUrl(settings, params, settings.scopes.join(' ')),
  tokenUrl,

  fetchUser: (api) => readUsersMe(api, User),

  async start(api, request) {
    const session = await api
      .post(SESSIONS, { json: buildBody(request), retry: CREATE_NO_RETRY })
      .json(SessionBody);
    return toRemote(session);
  },

  async findAttempt(api, { externalSessionId }) {
    const list = await api
      .get(SESSIONS, { searchParams: { externalSessionId }, retry: READ_RETRY })
      .json(SessionList);
    const found = list.entities.find((session) => session.externalSessionId === externalSessionId);
    return found && toRemote(found);
  },

  async get(api, { id }) {
    return toRemote(
      await api.get(`${SESSIONS}/${encodeURIComponent(id)}`, { retry: READ_RETRY }).json(SessionBody),
    );
  },

  async end(api, { id }) {
    await api.delete(`${SESSIONS}/${encodeURIComponent(id)}`, { retry: READ_RETRY });
  },

  canEnd: true,
  diagnose,
};

/** The platform answers every refusal with the same 400; these are the checks it does not show. */
async function diagnose(api: KyInstance, context: DiagnoseContext): Promise<Cause> {
  try {
    const me = await sessionsApi.fetchUser(api);
    if (!context.scope.includes('cobrowse:write')) return { code: 'missing-scope' };
    if (me.id !== context.user.id)
      return { code: 'initiator-mismatch', detail: `initiator ${context.user.id}, token user ${me.id}` };
    const body = CreateSessionBody.safeParse({
      externalSessionId: context.externalSessionId,
      initiator: { type: 'agent', id: context.user.id },
      target: { type: 'customer', conversationId: context.conversationId },
    });
    if (!body.success) return { code: 'invalid-payload', detail: body.error.issues[0]?.message };
    const conversation = await readConversation(api, context.conversationId, Conversation);
    if (!conversation) return { code: 'conversation-not-found' };
    if (conversation.state === 'ended') return { code: 'conversation-ended' };
    const agent = conversation.participants.find((p) => p.purpose === 'agent' && p.userId === me.id);
    if (agent?.state !== 'connected') {
      const other = conversation.participants.find(
        (p) => p.purpose === 'agent' && p.userId !== me.id && p.state === 'connected',
      );
      if (other) return acceptedByOther(other, me);
      return { code: 'agent-not-connected', detail: `participant state: ${agent?.state ?? 'absent'}` };
    }
    const open = await api
      .get(SESSIONS, { searchParams: { conversationId: context.conversationId } })
      .json(SessionList);
    if (open.entities.some((s) => s.state === 'pending' || s.state === 'active'))
      return { code: 'session-already-open' };
    return { code: 'unexplained-400' };
  } catch (error) {
    return diagnosisFailed(error);
  }
}
