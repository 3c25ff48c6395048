import { isHTTPError } from 'ky';
import * as z from 'zod/mini';
import { isLoopbackHost } from '../../shared/settings-base';
import { CHAT_MEDIA, connectedMedia, GenesysConversation, isAgentOf } from './genesys-schemas';
import { conversationOver } from './genesys-state';
import type { ChatChanges, NotificationSource } from './types';

/**
 * The socket's address comes from the platform's answer, not from the settings: wss only, plain ws
 * only on loopback, as for the API hosts. Firefox would otherwise have upgraded ws:// by its default
 * CSP; the Firefox build drops that upgrade so a loopback platform works (manifest.config.ts).
 */
const ConnectUri = z.url().check(
  z.refine((value) => {
    const url = new URL(value);
    return url.protocol === 'wss:' || (url.protocol === 'ws:' && isLoopbackHost(url.hostname));
  }, 'the notification socket must use wss (ws only on loopback)'),
);
const ChannelBody = z.object({
  id: z.string().check(z.minLength(1)),
  connectUri: ConnectUri,
  expires: z.optional(z.string()),
});
const ChannelList = z.object({ entities: z._default(z.array(ChannelBody), []) });
const Envelope = z.object({ topicName: z.string(), eventBody: z.optional(z.unknown()) });
const ConversationList = z.object({ entities: z._default(z.array(GenesysConversation), []) });

const DAY_MS = 24 * 60 * 60 * 1000;
const topic = (userId: string) => `v2.users.${userId}.conversations`;
const NOTHING: ChatChanges = { accepted: [], ended: [] };

/**
 * What a conversation says about the agent: accepted (connected on any of its media; whether it
 * may have co-browse is decided at start, so an SMS shows as "not eligible" instead of vanishing)
 * or over. Event bodies have no endTime: "over" is every communication disconnected.
 */
function changesFor(conversation: GenesysConversation, userId: string): ChatChanges {
  const agent = conversation.participants.filter((p) => isAgentOf(p, userId));
  if (agent.length === 0) return NOTHING;
  if (conversationOver(conversation)) return { accepted: [], ended: [conversation.id] };
  if (agent.some((p) => connectedMedia(p, CHAT_MEDIA)))
    return { accepted: [{ conversationId: conversation.id, seen: conversation }], ended: [] };
  const over = agent.every((p) =>
    CHAT_MEDIA.flatMap((m) => p[m] ?? []).every(
      (c) => c.state === 'disconnected' || c.state === 'terminated',
    ),
  );
  return over ? { accepted: [], ended: [conversation.id] } : NOTHING;
}

/**
 * Genesys Cloud's notification service: a channel (WebSocket) subscribed to the agent's
 * conversations topic. Heartbeats are ignored; `v2.system.socket_closing` asks for a reconnect.
 */
export const genesysNotifications: NotificationSource = {
  async openChannel(api, userId) {
    const body = await api.post('api/v2/notifications/channels').json(ChannelBody);
    await api.put(`api/v2/notifications/channels/${encodeURIComponent(body.id)}/subscriptions`, {
      json: [{ id: topic(userId) }],
    });
    return {
      id: body.id,
      connectUri: body.connectUri,
      expires: body.expires ? Date.parse(body.expires) : Date.now() + DAY_MS,
    };
  },

  async resume(api, channel, userId) {
    try {
      await api.put(`api/v2/notifications/channels/${encodeURIComponent(channel.id)}/subscriptions`, {
        json: [{ id: topic(userId) }],
      });
    } catch (error) {
      // Gone: expired, or evicted as the user's 21st channel.
      if (isHTTPError(error) && (error.response.status === 404 || error.response.status === 400))
        return undefined;
      throw error;
    }
    // Re-subscribing gave the channel a new lifetime; the caller's channel listing says until when.
    const listed = (await api.get('api/v2/notifications/channels').json(ChannelList)).entities.find(
      (c) => c.id === channel.id,
    );
    return { ...channel, expires: listed?.expires ? Date.parse(listed.expires) : channel.expires };
  },

  interpret(message, userId) {
    const envelope = Envelope.safeParse(message);
    if (!envelope.success) return NOTHING;
    if (envelope.data.topicName === 'v2.system.socket_closing') return { ...NOTHING, reconnect: true };
    if (envelope.data.topicName !== topic(userId)) return NOTHING;
    const conversation = GenesysConversation.safeParse(envelope.data.eventBody);
    return conversation.success ? changesFor(conversation.data, userId) : NOTHING;
  },

  async connectedChats(api, userId) {
    const list = await api.get('api/v2/conversations').json(ConversationList);
    return list.entities.flatMap((c) => changesFor(c, userId).accepted);
  },

  keepAliveMessage: JSON.stringify({ message: 'ping' }),
};
