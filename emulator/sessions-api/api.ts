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

/** The platform's answer to a token without a user wherever a person is needed (users/me's wording). */
const userContextRequired = (): Reply =>
  apiError(
    400,
    'user_context_required',
    'A user context is required for this request; client-credentials tokens have no user.',
  );

type SessionCaller =
  | { ok: true; userId: string; token: string; scope: string[] }
  | { ok: false; reply: Reply };

/**
 * Sessions are the initiator's: reading, listing and ending them needs a user token, and another
 * user's session reads as no session at all (404, left out of lists), so neither a client-credentials
 * token nor a colleague learns which sessions exist.
 */
function authenticateInitiator(ctx: EmulatorContext, c: RequestContext): SessionCaller {
  const caller = authenticate(ctx, c);
  if (!caller.ok) return caller;
  if (caller.grant.userId === null) return { ok: false, reply: userContextRequired() };
  return { ok: true, userId: caller.grant.userId, token: caller.token, scope: caller.grant.scope };
}

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
  if (!agent) return userContextRequired();
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
  const caller = authenticateInitiator(ctx, c);
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
  const mine = ctx.state
    .sessions({ externalSessionId, conversationId })
    .filter((session) => session.initiator.id === caller.userId);
  return json(200, { entities: mine });
}

function getSession(ctx: EmulatorContext, c: RequestContext): Reply {
  const caller = authenticateInitiator(ctx, c);
  if (!caller.ok) return caller.reply;
  const session = ctx.state.session(c.params.id ?? '');
  return session?.initiator.id === caller.userId ? json(200, session) : notFound('Cobrowse session');
}

function deleteSession(ctx: EmulatorContext, c: RequestContext): Reply {
  const caller = authenticateInitiator(ctx, c);
  if (!caller.ok) return caller.reply;
  const refusal = requireScope({ scope: caller.scope }, 'cobrowse:write');
  if (refusal) return refusal;
  const id = c.params.id ?? '';
  if (ctx.state.session(id)?.initiator.id !== caller.userId) return notFound('Cobrowse session');
  const ended = ctx.state.endSession(id);
  return ended.ok ? empty(204) : notFound('Cobrowse session');
}
