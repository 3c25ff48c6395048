// The genesys-cloud REST surface for users and conversations: users/me, a conversation, and the
// co-browse offer (POST /api/v2/conversations/{conversationId}/cobrowse, the only co-browse call the
// public API has for web messaging: no GET, no DELETE).
import type { AuthContext } from '../context';
import { findAgent } from '../directory';
import { json, type Reply, readBody } from '../http';
import type { RequestContext, Route } from '../router';
import { authenticate, authenticateUser, checkRate, SCOPES } from './bearer';
import { COBROWSE_ADD, COBROWSE_PERMISSIONS, COBROWSE_VOICE_ADD, permissionsOf, roleOf } from './directory';
import { badRequest, errorBody, missingAnyPermissions, missingPermissions, notFound } from './errors';
import { conversationJson, offerJson } from './render';
import type { GenesysState } from './state';
import type { UserMeJson } from './types';

export interface GenesysApiOptions {
  rateLimit: { max: number; windowMs: number };
}

export function genesysApiRoutes(ctx: AuthContext, state: GenesysState, opts: GenesysApiOptions): Route[] {
  return [
    { method: 'GET', pattern: '/api/v2/users/me', handler: (c) => usersMe(ctx, c) },
    { method: 'GET', pattern: '/api/v2/conversations', handler: (c) => myConversations(ctx, state, c) },
    { method: 'GET', pattern: '/api/v2/conversations/:id', handler: (c) => getConversation(ctx, state, c) },
    {
      method: 'POST',
      pattern: '/api/v2/conversations/:id/cobrowse',
      handler: (c) => offerCobrowse(ctx, state, opts, c),
    },
  ];
}

function usersMe(ctx: AuthContext, c: RequestContext): Reply {
  const caller = authenticateUser(ctx, c, SCOPES.usersMe);
  if (!caller.ok) return caller.reply;
  const agent = findAgent(caller.userId);
  if (!agent) return notFound();
  const me: UserMeJson = {
    id: agent.id,
    name: agent.name,
    email: agent.email,
    username: agent.email,
    state: 'active',
    version: 1,
    selfUri: `/api/v2/users/${agent.id}`,
  };
  // The SDK sends expand as repeated parameters (collection format "multi"); commas work too.
  const expand = c.url.searchParams.getAll('expand').flatMap((value) => value.split(','));
  if (expand.includes('authorization')) {
    me.authorization = { roles: [roleOf(agent.id)], unusedRoles: [], permissions: permissionsOf(agent.id) };
  }
  return json(200, me);
}

/** `GET /api/v2/conversations`: the caller's active conversations (ConversationEntityListing). */
function myConversations(ctx: AuthContext, state: GenesysState, c: RequestContext): Reply {
  const caller = authenticateUser(ctx, c, SCOPES.conversationsRead);
  if (!caller.ok) return caller.reply;
  const mine = state
    .conversations()
    .filter(
      (conversation) => !conversation.endTime && conversation.parties.some((p) => p.userId === caller.userId),
    );
  return json(200, {
    entities: mine.map(conversationJson),
    pageSize: mine.length,
    pageNumber: 1,
    total: mine.length,
  });
}

function getConversation(ctx: AuthContext, state: GenesysState, c: RequestContext): Reply {
  const caller = authenticate(ctx, c, SCOPES.conversationsRead);
  if (!caller.ok) return caller.reply;
  const conversation = state.conversation(c.params.id ?? '');
  return conversation ? json(200, conversationJson(conversation)) : notFound();
}

async function offerCobrowse(
  ctx: AuthContext,
  state: GenesysState,
  opts: GenesysApiOptions,
  c: RequestContext,
): Promise<Reply> {
  // The endpoint takes no body; read and ignore whatever came so the connection stays usable.
  await readBody(c.req);
  const caller = authenticateUser(ctx, c, SCOPES.cobrowse);
  if (!caller.ok) return caller.reply;
  const limited = checkRate(ctx, caller.token, opts.rateLimit.max, opts.rateLimit.windowMs);
  if (limited) return limited;
  const permissions = permissionsOf(caller.userId);
  if (!COBROWSE_PERMISSIONS.some((p) => permissions.includes(p)))
    return missingAnyPermissions(COBROWSE_PERMISSIONS);

  const id = c.params.id ?? '';
  const conversation = state.conversation(id);
  if (!conversation) return notFound();
  const { mediaType } = conversation;
  if (mediaType !== 'webmessaging' && mediaType !== 'voice') {
    // sms and whatsapp are `messages` too, but co-browse is offered on web messaging only.
    return badRequest(
      `Co-browse can only be offered on a web messaging or voice conversation; conversation ${id} is ${mediaType}.`,
    );
  }
  const needed = mediaType === 'voice' ? COBROWSE_VOICE_ADD : COBROWSE_ADD;
  if (!permissions.includes(needed)) return missingPermissions([needed]);

  const offer = state.offerCobrowse(id, caller.userId);
  if (offer === 'not_found') return notFound();
  if (offer === 'ended') return badRequest(`Conversation ${id} has ended; co-browse cannot be offered.`);
  if (offer === 'not_connected') {
    return badRequest(`The calling user is not a connected agent participant on conversation ${id}.`);
  }
  if (offer === 'conflict') {
    // The platform's one 409 code, documented for every endpoint: it names no offer and no owner.
    return errorBody(
      409,
      'request.conflict',
      'The request conflicts with the current state of the target resource.',
    );
  }
  return json(200, offerJson(offer, mediaType, ctx.baseUrl()));
}
