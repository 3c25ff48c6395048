// Notification channels: who owns each, what it is subscribed to, when it expires and which
// WebSockets are attached. The WebSocket handshake lives in streaming.ts, the REST face in
// notifications.ts.
import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { ChannelJson } from './types';

export interface Channel {
  id: string;
  /** The user id, or `client:<clientId>` for a userless token. */
  owner: string;
  expiresAtMs: number;
  topics: string[];
  sockets: Set<WebSocket>;
}

export const SOCKET_CLOSING = {
  topicName: 'v2.system.socket_closing',
  eventBody: { message: 'Socket closing' },
};

export class ChannelStore {
  #channels = new Map<string, Channel>();
  #timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly ttlMs: number,
    private readonly baseUrl: () => string,
    /** Shown every text frame sent on any socket (tests check them against the platform's definitions). */
    private readonly observe?: (text: string) => void,
  ) {}

  /** Every frame to a client goes through here. */
  send(socket: WebSocket, message: unknown): void {
    if (socket.readyState !== socket.OPEN) return;
    const text = JSON.stringify(message);
    this.observe?.(text);
    socket.send(text);
  }

  create(owner: string): Channel {
    const channel: Channel = {
      id: randomUUID(),
      owner,
      expiresAtMs: Date.now() + this.ttlMs,
      topics: [],
      sockets: new Set(),
    };
    this.#channels.set(channel.id, channel);
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.#expire(channel);
    }, this.ttlMs);
    this.#timers.add(timer);
    return channel;
  }

  /** A live channel; an expired one is closed and forgotten on the way. */
  get(id: string): Channel | undefined {
    const channel = this.#channels.get(id);
    if (channel && channel.expiresAtMs <= Date.now()) this.#expire(channel);
    return this.#channels.get(id);
  }

  owned(owner: string): Channel[] {
    return [...this.#channels.keys()]
      .map((id) => this.get(id))
      .filter((c) => c?.owner === owner) as Channel[];
  }

  json(channel: Channel): ChannelJson {
    const ws = this.baseUrl().replace(/^http/, 'ws');
    return {
      connectUri: `${ws}/streaming/channels/${channel.id}`,
      id: channel.id,
      expires: new Date(channel.expiresAtMs).toISOString(),
    };
  }

  /** Sends one message to every socket of every channel subscribed to `topic`. */
  publish(topic: string, message: unknown): void {
    for (const channel of this.#channels.values()) {
      if (!channel.topics.includes(topic) || channel.expiresAtMs <= Date.now()) continue;
      for (const socket of channel.sockets) this.send(socket, message);
    }
  }

  sockets(): WebSocket[] {
    return [...this.#channels.values()].flatMap((c) => [...c.sockets]);
  }

  /** Abrupt: the TCP connection goes away with no close frame, like a network drop. */
  dropSockets(): void {
    for (const socket of this.sockets()) socket.terminate();
  }

  /** What the platform does before it closes a connection on purpose. */
  closeSocketsGracefully(): void {
    for (const socket of this.sockets()) {
      this.send(socket, SOCKET_CLOSING);
      socket.close(1000, 'Socket closing');
    }
  }

  expireAll(): void {
    for (const channel of [...this.#channels.values()]) this.#expire(channel);
  }

  close(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    for (const socket of this.sockets()) socket.terminate();
    this.#channels.clear();
  }

  #expire(channel: Channel): void {
    this.#channels.delete(channel.id);
    for (const socket of channel.sockets) socket.close(1000, 'Channel expired');
  }
}
