// The notification stream: WebSocket upgrades at /streaming/channels/{id} on the emulator's own
// HTTP server (library `ws`), heartbeats, ping/pong, and conversation events for subscribed users.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { RequestLog } from '../request-log';
import type { ChannelStore } from './channels';
import type { ConversationRecord } from './model';
import { conversationEventJson } from './render';

const PATH = /^\/streaming\/channels\/([A-Za-z0-9-]{1,128})$/;
export const HEARTBEAT = { topicName: 'channel.metadata', eventBody: { message: 'WebSocket Heartbeat' } };
const PONG = { topicName: 'channel.metadata', eventBody: { message: 'pong' } };

export function attachStreaming(
  server: Server,
  store: ChannelStore,
  opts: { heartbeatMs: number; log: RequestLog },
): void {
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    const entry = opts.log.start(req.method ?? 'GET', path);
    const channel = store.get(PATH.exec(path)?.[1] ?? '');
    if (!channel || req.headers.upgrade?.toLowerCase() !== 'websocket') {
      // Unknown path, unknown or expired channel: refuse the handshake outright.
      entry.status = 404;
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      entry.status = 101;
      store.attach(channel, ws);
      const heartbeat = setInterval(() => store.send(ws, HEARTBEAT), opts.heartbeatMs);
      ws.on('message', (data) => {
        if (isPing(data.toString())) store.send(ws, PONG);
      });
      ws.on('close', () => {
        clearInterval(heartbeat);
        channel.sockets.delete(ws);
      });
      ws.on('error', () => ws.terminate());
    });
  });
}

/** Fans a conversation change out to `v2.users.{userId}.conversations` for each user in it. */
export function publishConversation(store: ChannelStore, conversation: ConversationRecord): void {
  const eventBody = conversationEventJson(conversation);
  const users = new Set(conversation.parties.flatMap((p) => (p.userId ? [p.userId] : [])));
  for (const userId of users) {
    const topicName = `v2.users.${userId}.conversations`;
    store.publish(topicName, {
      topicName,
      version: '2',
      eventBody,
      metadata: { CorrelationId: randomUUID() },
    });
  }
}

/** The platform answers `{"message":"ping"}` with a pong on channel.metadata. */
function isPing(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && (value as { message?: unknown }).message === 'ping';
  } catch {
    return false;
  }
}
