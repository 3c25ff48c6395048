// The sessions-api REST surface: users/me, conversations and co-browse sessions.
import { z } from 'zod';
import type { EmulatorContext } from '../context';
import { findAgent } from '../directory';
import {
  apiError,
  empty,
  hasMediaType,
  json,
  MAX_BODY_BYTES,
  parseJson,
  type Reply,
  readBody,
} from '../http';
import type { RequestContext, Route } from '../router';
import { authenticate, checkRate, requireScope } from './bearer';

const SESSIONS = '/api/v2/conversations/cobrowse/sessions';

const createSessionBody = z.strictObject({
  externalSessionId: z.string().min(1).max(128),
  initiator: z.strictObject({ type: z.literal('agent'), id: z.string().min(1) }),
  target: z.strictObject({ type: z.literal('customer'), conversationId: z.string().min(1) }),
});

/** The platform says the same thing for every refused start, whatever the cause. */
const unableToStart = (): Reply =>
  apiError(400, 'invalid_request', 'Unable to start cobrowse session for conversation.');

const notFound = (what: string): Reply => apiError(404, 'not_found', `${what} was not found.`);

export function apiRoutes(ctx: EmulatorContext): Route[] {
  return [
    { method: 'GET', pattern: '/api/v2/users/me', handler: (c) => usersMe(ctx, c) },
    { method: 'GET', pattern: '/api/v2/conversations/:id', handler: (c) => getConversation(ctx, c) },
    { method: 'POST', pattern: SESSIONS, handler: (c) => createSession(ctx, c) },
    { method: 'GET', pattern: SESSIONS, handler: (c) => listSessions(ctx, c) },
    { method: 'GET', pattern: `${SESSIONS}/:id`, handler: (c) => getSession(ctx, c) },
    { method: 'DELETE', pattern: `${SESSIONS}/:id`, handler: (c) => deleteSession(ctx, c) },
  ];
}

function usersMe(ctx: EmulatorContext, c: RequestContext): Reply {
  const caller = authenticate(ctx, c);
  if (!caller.ok) return caller.reply;
  const agent = findAgent(caller.grant.userId);
  if (!agent) {
    return apiError(
      400,
      'user_context_required',
      'A user context is required for this request; client-credentials tokens have no user.',
    );
  }
  return json(200, { id: agent.id, name: agent.name, email: agent.email });
}

function getConversation(ctx: EmulatorContext, c: RequestContext): Reply {
  const caller = authenticate(ctx, c);
  if (!caller.ok) return caller.reply;
  const conversation = ctx.state.conversation(c.params.id ?? '');
  return conversation ? json(200, conversation) : notFound('Conversation');
}

async function createSession(ctx: EmulatorContext, c: RequestContext): Promise<Reply> {
  const caller = authenticate(ctx, c);
  if (!caller.ok) return caller.reply;
  const refusal = requireScope(caller.grant, 'cobrowse:write') ?? checkRate(ctx, caller.token);
  if (refusal) return refusal;
  if (!hasMediaType(c.req, 'application/json')) {
    return apiError(415, 'unsupported_media_type', 'Content-Type must be application/json.');
  }
  const body = await readBody(c.req);
  if (!body.ok) {
    return apiError(413, 'payload_too_large', `Request body must be at most ${MAX_BODY_BYTES} bytes.`);
  }
  const raw = parseJson(body.bytes);
  if (raw !== undefined) c.logBody(raw);
  const parsed = createSessionBody.safeParse(raw);
  if (!parsed.success) return unableToStart();
  const { externalSessionId, initiator, target } = parsed.data;
  if (caller.grant.userId === null || initiator.id !== caller.grant.userId) return unableToStart();
  const session = ctx.state.createSession({
    externalSessionId,
    initiatorId: initiator.id,
    conversationId: target.conversationId,
  });
  if (!session) return unableToStart();
  return json(201, session, { location: `${SESSIONS}/${session.id}` });
}

function listSessions(ctx: EmulatorContext, c: RequestContext): Reply {
  const caller = authenticate(ctx, c);
  if (!caller.ok) return caller.reply;
  const q = c.url.searchParams;
  if (q.getAll('externalSessionId').length > 1 || q.getAll('conversationId').length > 1) {
    return apiError(400, 'invalid_request', 'Each filter may appear once.');
  }
  const externalSessionId = q.get('externalSessionId') ?? undefined;
  const conversationId = q.get('conversationId') ?? undefined;
  if (!externalSessionId && !conversationId) {
    return apiError(400, 'invalid_request', 'Filter by externalSessionId or conversationId.');
  }
  return json(200, { entities: ctx.state.sessions({ externalSessionId, conversationId }) });
}

function getSession(ctx: EmulatorContext, c: RequestContext): Reply {
  const caller = authenticate(ctx, c);
  if (!caller.ok) return caller.reply;
  const session = ctx.state.session(c.params.id ?? '');
  return session ? json(200, session) : notFound('Cobrowse session');
}

function deleteSession(ctx: EmulatorContext, c: RequestContext): Reply {
  const caller = authenticate(ctx, c);
  if (!caller.ok) return caller.reply;
  const refusal = requireScope(caller.grant, 'cobrowse:write');
  if (refusal) return refusal;
  const ended = ctx.state.endSession(c.params.id ?? '');
  return ended.ok ? empty(204) : notFound('Cobrowse session');
}
