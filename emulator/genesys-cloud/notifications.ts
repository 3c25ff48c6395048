// The notifications REST surface: channels and their topic subscriptions. Only the caller's own
// `v2.users.{userId}.conversations` topic is offered; the stream itself is in streaming.ts.
import { z } from 'zod';
import type { AuthContext } from '../context';
import { empty, hasMediaType, json, parseJson, type Reply, readBody } from '../http';
import type { RequestContext, Route } from '../router';
import { authenticate, SCOPES } from './bearer';
import type { Channel, ChannelStore } from './channels';
import { badRequest, errorBody, notAuthorized, notFound } from './errors';
import type { ChannelTopicJson } from './types';

const CHANNELS = '/api/v2/notifications/channels';
const SUBSCRIPTIONS = `${CHANNELS}/:channelId/subscriptions`;
const USER_CONVERSATIONS = /^v2\.users\.([^.]+)\.conversations$/;
const topicsBody = z.array(z.looseObject({ id: z.string().min(1) })).max(1000);

type Owned = { ok: true; channel: Channel; userId: string | null } | { ok: false; reply: Reply };

export function notificationRoutes(ctx: AuthContext, store: ChannelStore): Route[] {
  return [
    { method: 'POST', pattern: CHANNELS, handler: (c) => createChannel(ctx, store, c) },
    { method: 'GET', pattern: CHANNELS, handler: (c) => listChannels(ctx, store, c) },
    { method: 'HEAD', pattern: `${CHANNELS}/:channelId`, handler: (c) => headChannel(ctx, store, c) },
    { method: 'GET', pattern: SUBSCRIPTIONS, handler: (c) => withChannel(ctx, store, c, listTopics) },
    { method: 'PUT', pattern: SUBSCRIPTIONS, handler: (c) => subscribe(ctx, store, c, 'replace') },
    { method: 'POST', pattern: SUBSCRIPTIONS, handler: (c) => subscribe(ctx, store, c, 'add') },
    {
      method: 'DELETE',
      pattern: SUBSCRIPTIONS,
      handler: (c) =>
        withChannel(ctx, store, c, (channel) => {
          channel.topics = [];
          return empty(204);
        }),
    },
  ];
}

const ownerOf = (grant: { userId: string | null; clientId: string }): string =>
  grant.userId ?? `client:${grant.clientId}`;

function findOwned(ctx: AuthContext, store: ChannelStore, c: RequestContext): Owned {
  const caller = authenticate(ctx, c, SCOPES.notifications);
  if (!caller.ok) return caller;
  const channel = store.get(c.params.channelId ?? '');
  // Someone else's channel reads as no channel at all.
  if (!channel || channel.owner !== ownerOf(caller.grant)) return { ok: false, reply: notFound() };
  return { ok: true, channel, userId: caller.grant.userId };
}

function withChannel(
  ctx: AuthContext,
  store: ChannelStore,
  c: RequestContext,
  run: (channel: Channel) => Reply,
): Reply {
  const owned = findOwned(ctx, store, c);
  return owned.ok ? run(owned.channel) : owned.reply;
}

async function createChannel(ctx: AuthContext, store: ChannelStore, c: RequestContext): Promise<Reply> {
  await readBody(c.req);
  const caller = authenticate(ctx, c, SCOPES.notifications);
  if (!caller.ok) return caller.reply;
  return json(200, store.json(store.create(ownerOf(caller.grant), caller.grant.clientId)));
}

function listChannels(ctx: AuthContext, store: ChannelStore, c: RequestContext): Reply {
  const caller = authenticate(ctx, c, SCOPES.notifications);
  if (!caller.ok) return caller.reply;
  return json(200, { entities: store.owned(ownerOf(caller.grant)).map((ch) => store.json(ch)) });
}

function headChannel(ctx: AuthContext, store: ChannelStore, c: RequestContext): Reply {
  const owned = findOwned(ctx, store, c);
  return owned.ok ? empty(200) : { status: owned.reply.status, headers: owned.reply.headers };
}

function listTopics(channel: Channel): Reply {
  return json(200, { entities: channel.topics.map(topicJson) });
}

const topicJson = (id: string): ChannelTopicJson => ({ id });

async function subscribe(
  ctx: AuthContext,
  store: ChannelStore,
  c: RequestContext,
  mode: 'replace' | 'add',
): Promise<Reply> {
  const body = await readBody(c.req);
  const owned = findOwned(ctx, store, c);
  if (!owned.ok) return owned.reply;
  if (!hasMediaType(c.req, 'application/json'))
    return errorBody(415, 'unsupported.media.type', 'Content-Type must be application/json.');
  if (!body.ok) return errorBody(413, 'request.entity.too.large', 'The request body is too large.');
  const parsed = topicsBody.safeParse(parseJson(body.bytes));
  if (!parsed.success) return badRequest('The body must be a JSON array of topics, each { "id": "…" }.');

  const ignoreErrors = c.url.searchParams.get('ignoreErrors') === 'true';
  const accepted: string[] = [];
  const rejected: ChannelTopicJson[] = [];
  for (const { id } of parsed.data) {
    const refusal = refuseTopic(id, owned.userId);
    if (refusal === undefined) accepted.push(id);
    else if (!ignoreErrors) return refusal.reply;
    else rejected.push({ id, state: 'Rejected', rejectionReason: refusal.reason });
  }
  // Only now, with every topic checked, does the channel change; subscribing renews its lifetime.
  const topics = mode === 'replace' ? accepted : [...owned.channel.topics, ...accepted];
  owned.channel.topics = [...new Set(topics)];
  store.renew(owned.channel);
  return json(200, { entities: [...owned.channel.topics.map(topicJson), ...rejected] });
}

function refuseTopic(topic: string, userId: string | null): { reply: Reply; reason: string } | undefined {
  const match = USER_CONVERSATIONS.exec(topic);
  if (!match) {
    const reason = `Topic ${topic} is not offered by the emulator; use v2.users.{userId}.conversations.`;
    return { reply: badRequest(reason), reason };
  }
  if (match[1] === userId) return undefined;
  const reason = `Only the token's own user's conversations can be subscribed to, not ${topic}.`;
  return { reply: notAuthorized(reason), reason };
}
