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
  /** The OAuth client (the "app") that created it: the channel limit counts per user and app. */
  app: string;
  expiresAtMs: number;
  /** Created, subscribed or connected to: eviction picks the least recently used. */
  lastUsedMs: number;
  topics: string[];
  sockets: Set<WebSocket>;
  /** A connection the emulator pretends exists elsewhere (crowdChannels), for the eviction order. */
  connectedElsewhere?: boolean;
}

/**
 * The platform keeps at most 20 channels per user and app; creating the 21st removes the one used
 * least recently, channels without an active connection first (developer.genesys.cloud
 * notifications docs, quoted in docs/genesys-cloud.md).
 */
export const CHANNEL_LIMIT = 20;

export const SOCKET_CLOSING = {
  topicName: 'v2.system.socket_closing',
  eventBody: { message: 'Socket closing' },
};

export class ChannelStore {
  #channels = new Map<string, Channel>();
  #timers = new Map<string, NodeJS.Timeout>();
  /** Sockets that hear nothing any more (a half-open connection): frames to them are dropped. */
  #silenced = new WeakSet<WebSocket>();
  /** The most sockets any one channel had open at once, so tests can prove "one socket per channel". */
  maxSocketsPerChannel = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly baseUrl: () => string,
    /** Shown every text frame sent on any socket (tests check them against the platform's definitions). */
    private readonly observe?: (text: string) => void,
  ) {}

  /** Every frame to a client goes through here. */
  send(socket: WebSocket, message: unknown): void {
    if (socket.readyState !== socket.OPEN || this.#silenced.has(socket)) return;
    const text = JSON.stringify(message);
    this.observe?.(text);
    socket.send(text);
  }

  create(owner: string, app: string, opts: { connectedElsewhere?: boolean } = {}): Channel {
    const mine = this.owned(owner).filter((c) => c.app === app);
    if (mine.length >= CHANNEL_LIMIT) this.#evict(mine);
    const now = Date.now();
    const channel: Channel = {
      id: randomUUID(),
      owner,
      app,
      expiresAtMs: now + this.ttlMs,
      lastUsedMs: now,
      topics: [],
      sockets: new Set(),
      ...(opts.connectedElsewhere ? { connectedElsewhere: true } : {}),
    };
    this.#channels.set(channel.id, channel);
    this.#scheduleExpiry(channel);
    return channel;
  }

  /**
   * "To maintain a channel for longer than 24 hours, resubscribe to topics" (notifications docs):
   * every subscription change counts as use and gives the channel a full lifetime again.
   */
  renew(channel: Channel): void {
    channel.lastUsedMs = Date.now();
    channel.expiresAtMs = channel.lastUsedMs + this.ttlMs;
    this.#scheduleExpiry(channel);
  }

  /** A socket joined the channel. */
  attach(channel: Channel, socket: WebSocket): void {
    channel.sockets.add(socket);
    channel.lastUsedMs = Date.now();
    const open = [...channel.sockets].filter((s) => s.readyState === s.OPEN).length;
    this.maxSocketsPerChannel = Math.max(this.maxSocketsPerChannel, open);
  }

  /** Every socket open now goes silent but stays open: no heartbeat, no pong, no event reaches it. */
  silenceSockets(): void {
    for (const socket of this.sockets()) if (socket.readyState === socket.OPEN) this.#silenced.add(socket);
  }

  /**
   * The 21st channel: fills the user's quota for `app` with channels "connected elsewhere" and used
   * just now, so the next channel anyone creates for that user and app evicts the least recently used.
   */
  crowd(owner: string, app: string, count = CHANNEL_LIMIT): Channel[] {
    return Array.from({ length: count }, () => this.create(owner, app, { connectedElsewhere: true }));
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
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    for (const socket of this.sockets()) socket.terminate();
    this.#channels.clear();
  }

  #expire(channel: Channel, reason = 'Channel expired'): void {
    this.#channels.delete(channel.id);
    clearTimeout(this.#timers.get(channel.id));
    this.#timers.delete(channel.id);
    for (const socket of channel.sockets) socket.close(1000, reason);
  }

  #scheduleExpiry(channel: Channel): void {
    clearTimeout(this.#timers.get(channel.id));
    const timer = setTimeout(() => {
      this.#timers.delete(channel.id);
      this.#expire(channel);
    }, channel.expiresAtMs - Date.now());
    this.#timers.set(channel.id, timer);
  }

  /** Removes the least recently used channel, one without an active connection first. */
  #evict(candidates: Channel[]): void {
    const active = (c: Channel) =>
      c.connectedElsewhere || [...c.sockets].some((s) => s.readyState === s.OPEN);
    const [victim] = [...candidates].sort(
      (a, b) => Number(active(a)) - Number(active(b)) || a.lastUsedMs - b.lastUsedMs,
    );
    if (victim) this.#expire(victim, 'Channel removed: channel limit reached');
  }
}
