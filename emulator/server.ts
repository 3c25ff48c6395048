// Starts the platform emulator: one loopback HTTP server carrying the platform's OAuth and REST
// API, the agent desktop, the customer page and (for tests) the control API. `platform` picks the
// API: 'sessions-api' (the product owner's contract, default) or 'genesys-cloud'.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { AuthStore, RateLimiter } from './auth-store';
import type { AuthContext } from './context';
import { type ControlOps, controlRoutes, type StreamOps, streamControlRoutes } from './control';
import { DEMO_CLIENT_ID, demoRedirectUri, registeredClients } from './directory';
import { createDispatcher } from './dispatch';
import { FaultRegistry } from './faults';
import { GENESYS_SCOPES, genesysMode } from './genesys-cloud/mode';
import type { CobrowseOffer, ConversationJson, GenesysConversationInput } from './genesys-cloud/types';
import { assetRoutes } from './pages/assets';
import { RequestLog } from './request-log';
import type { Route } from './router';
import {
  SESSIONS_API_SCOPES,
  type SessionsApiOps,
  sessionsApiControlRoutes,
  sessionsApiMode,
} from './sessions-api/mode';
import type { CobrowseSession, Conversation } from './types';

export type { ConversationInput, StreamOps } from './control';
export type * from './genesys-cloud/types';
export type { CobrowseSession, Conversation, Fault, LoggedRequest, Participant, SessionState } from './types';

export type Platform = 'sessions-api' | 'genesys-cloud';

interface CommonOptions {
  host?: string;
  port?: number;
  control?: boolean;
  tokenTtlSeconds?: number;
  codeTtlSeconds?: number;
  consentTtlSeconds?: number;
  rateLimit?: { max: number; windowMs: number };
  extensionId?: string;
  /** More redirect URIs registered for the demo client, as an admin registers Firefox's
   * (https://<hash>.extensions.allizom.org/callback) and the Edge store's next to Chrome's. */
  extraRedirectUris?: string[];
  /** Sees every answer and stream message, so a test can check them against the platform's definitions. */
  observe?: Observer;
  /** How long an idle keep-alive connection stays open (default Node's 5 s). A production server
   * behind a load balancer keeps it a minute or more; the benchmark's idle phase needs that. */
  keepAliveTimeoutMs?: number;
}

/** What an observer is shown: each HTTP answer as sent, and each text frame on a notification socket. */
export interface Observer {
  answer?(answer: ObservedAnswer): void;
  streamMessage?(text: string): void;
}

export interface ObservedAnswer {
  method: string;
  /** The path without the query string. */
  path: string;
  status: number;
  contentType: string | undefined;
  body: string | undefined;
  /** The body was written by a test into an injected fault (`body`, `hugeBodyBytes`), not by the emulator. */
  injectedBody: boolean;
}

export interface EmulatorOptions extends CommonOptions {
  platform?: 'sessions-api';
}

export interface GenesysEmulatorOptions extends CommonOptions {
  platform: 'genesys-cloud';
  /** How long a notification channel lives (default 24 h, as the platform's). */
  channelTtlSeconds?: number;
  /** Seconds between "WebSocket Heartbeat" messages (default 30). */
  heartbeatSeconds?: number;
}

interface Running<C, S, I> extends ControlOps<C, S, I> {
  /** Both authBaseUrl and apiBaseUrl, e.g. http://127.0.0.1:41234. */
  url: string;
  clientId: string;
  redirectUri: string;
  close(): Promise<void>;
}

/** reset() clears conversations, sessions, the log, faults and rate counters, and restores the token
 * TTL. Sign-ins and tokens survive, so a signed-in browser stays signed in; use expireAllTokens(). */
export type Emulator = Running<Conversation, CobrowseSession, { id?: string; customerName?: string }> &
  SessionsApiOps;
/** As Emulator; sessions() lists co-browse offers. reset() keeps channels and sockets too. */
export type GenesysEmulator = Running<ConversationJson, CobrowseOffer, GenesysConversationInput> & StreamOps;

const optionsSchema = z.strictObject({
  platform: z.enum(['sessions-api', 'genesys-cloud']).default('sessions-api'),
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(0),
  control: z.boolean().default(false),
  tokenTtlSeconds: z.number().positive().default(3600),
  codeTtlSeconds: z.number().positive().default(60),
  consentTtlSeconds: z.number().positive().default(120),
  rateLimit: z
    .strictObject({ max: z.number().int().positive(), windowMs: z.number().int().positive() })
    .default({ max: 30, windowMs: 1000 }),
  extensionId: z
    .string()
    .regex(/^[a-p]{32}$/, 'a Chrome extension id is 32 letters a-p')
    .default('ajhnfkigifeckmkobmehcgimidhlcjgb'),
  observe: z.custom<Observer>((v) => typeof v === 'object' && v !== null).optional(),
  extraRedirectUris: z.array(z.url({ protocol: /^https$/ })).default([]),
  channelTtlSeconds: z.number().positive().max(2_000_000).default(86_400),
  heartbeatSeconds: z.number().positive().max(3600).default(30),
  keepAliveTimeoutMs: z.number().int().positive().max(3_600_000).optional(),
});

export function startEmulator(options: GenesysEmulatorOptions): Promise<GenesysEmulator>;
export function startEmulator(options?: EmulatorOptions): Promise<Emulator>;
export async function startEmulator(
  options: EmulatorOptions | GenesysEmulatorOptions = {},
): Promise<Emulator | GenesysEmulator> {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) throw new Error(`startEmulator: invalid options: ${z.prettifyError(parsed.error)}`);
  const opts = parsed.data;

  let url = '';
  const auth = new AuthStore(opts.tokenTtlSeconds, opts.codeTtlSeconds);
  const limiter = new RateLimiter(opts.rateLimit);
  const genesys = opts.platform === 'genesys-cloud';
  const ctx: AuthContext = {
    auth,
    limiter,
    clients: registeredClients(opts.extensionId, opts.extraRedirectUris),
    scopes: genesys ? GENESYS_SCOPES : SESSIONS_API_SCOPES,
    baseUrl: () => url,
  };
  const faults = new FaultRegistry();
  const log = new RequestLog();
  const timers = new Set<NodeJS.Timeout>();

  const g = genesys ? genesysMode(ctx, opts, log) : undefined;
  const s = genesys ? undefined : sessionsApiMode(ctx, opts.consentTtlSeconds);
  const mode = (g ?? s) as NonNullable<typeof g> | NonNullable<typeof s>;
  const common = {
    requestLog: () => log.entries(),
    injectFault: (route: string, fault: Parameters<FaultRegistry['add']>[1]) => faults.add(route, fault),
    setTokenTtlSeconds: (seconds: number) => {
      if (!(Number.isFinite(seconds) && seconds > 0))
        throw new Error(`setTokenTtlSeconds: ${seconds} is not > 0`);
      auth.tokenTtlSeconds = seconds;
    },
    expireAllTokens: () => auth.expireAllTokens(),
    reset: () => {
      mode.ops.reset();
      log.clear();
      faults.clear();
      limiter.clear();
      auth.tokenTtlSeconds = opts.tokenTtlSeconds;
    },
  };
  const ops = { ...mode.ops, ...common, ...g?.stream };

  let control: Route[] | null = null;
  if (opts.control) {
    control = g
      ? [...controlRoutes({ ...g.ops, ...common }, g.inputSchema), ...streamControlRoutes(g.stream)]
      : s
        ? [...controlRoutes({ ...s.ops, ...common }, s.inputSchema), ...sessionsApiControlRoutes(s.ops)]
        : null;
  }
  const dispatch = createDispatcher({
    routes: [...mode.routes, ...assetRoutes()],
    controlRoutes: control,
    faults,
    log,
    timers,
    error: g?.error,
    observe: opts.observe?.answer,
  });
  const server = createServer((req, res) => void dispatch(req, res));
  if (opts.keepAliveTimeoutMs !== undefined) server.keepAliveTimeout = opts.keepAliveTimeoutMs;
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  g?.attach(server);

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(new Error(`startEmulator: cannot listen on ${opts.host}:${opts.port}`, { cause: error })),
    );
    server.listen(opts.port, opts.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  url = `http://${host}:${address.port}`;

  return {
    ...(ops as Emulator & GenesysEmulator),
    url,
    clientId: DEMO_CLIENT_ID,
    redirectUri: demoRedirectUri(opts.extensionId),
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        g?.close();
        server.close(() => resolve());
        // Hanging faults and keep-alive sockets would otherwise hold close() open forever.
        server.closeAllConnections();
      }),
  };
}
