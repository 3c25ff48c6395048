// Starts the platform emulator: one loopback HTTP server carrying the platform's OAuth and REST
// API, the demo agent desktop, the customer page and (for tests) the control API.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { AuthStore, RateLimiter } from './auth-store';
import type { EmulatorContext } from './context';
import { type ControlOps, controlRoutes } from './control';
import { DEMO_CLIENT_ID, demoRedirectUri, registeredClients } from './directory';
import { createDispatcher } from './dispatch';
import { FaultRegistry } from './faults';
import { assetRoutes } from './pages/assets';
import { customerRoutes } from './pages/customer';
import { desktopRoutes } from './pages/desktop';
import { RequestLog } from './request-log';
import { sessionsApiRoutes } from './sessions-api/index';
import { PlatformState } from './state';
import type { CobrowseSession, Conversation, Fault, LoggedRequest } from './types';

export type { CobrowseSession, Conversation, Fault, LoggedRequest, Participant, SessionState } from './types';

export interface EmulatorOptions {
  host?: string;
  port?: number;
  control?: boolean;
  tokenTtlSeconds?: number;
  codeTtlSeconds?: number;
  consentTtlSeconds?: number;
  rateLimit?: { max: number; windowMs: number };
  extensionId?: string;
}

export interface Emulator extends ControlOps {
  /** Both authBaseUrl and apiBaseUrl, e.g. http://127.0.0.1:41234. */
  url: string;
  clientId: string;
  redirectUri: string;
  close(): Promise<void>;
  createConversation(input?: { id?: string; customerName?: string }): Conversation;
  acceptConversation(id: string, agentId: string): void;
  endConversation(id: string): void;
  sessions(): CobrowseSession[];
  requestLog(): LoggedRequest[];
  injectFault(route: string, fault: Fault & { times?: number }): void;
  setTokenTtlSeconds(seconds: number): void;
  expireAllTokens(): void;
  /** Clears conversations, sessions, the log, faults and rate counters, and restores the token TTL.
   * Sign-ins and tokens survive, so a signed-in browser stays signed in; use expireAllTokens() for those. */
  reset(): void;
}

const optionsSchema = z.strictObject({
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
});

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) throw new Error(`startEmulator: invalid options: ${z.prettifyError(parsed.error)}`);
  const opts = parsed.data;

  let url = '';
  const state = new PlatformState(
    () => opts.consentTtlSeconds * 1000,
    () => url,
  );
  const auth = new AuthStore(opts.tokenTtlSeconds, opts.codeTtlSeconds);
  const limiter = new RateLimiter(opts.rateLimit);
  const ctx: EmulatorContext = {
    state,
    auth,
    limiter,
    clients: registeredClients(opts.extensionId),
    baseUrl: () => url,
  };
  const faults = new FaultRegistry();
  const log = new RequestLog();
  const timers = new Set<NodeJS.Timeout>();

  const ops: ControlOps = {
    createConversation: (input) => state.createConversation(input),
    acceptConversation: (id, agentId) => must('acceptConversation', state.acceptConversation(id, agentId)),
    endConversation: (id) => must('endConversation', state.endConversation(id)),
    sessions: () => state.sessions(),
    requestLog: () => log.entries(),
    injectFault: (route, fault) => faults.add(route, fault),
    setTokenTtlSeconds: (seconds) => {
      if (!(Number.isFinite(seconds) && seconds > 0))
        throw new Error(`setTokenTtlSeconds: ${seconds} is not > 0`);
      auth.tokenTtlSeconds = seconds;
    },
    expireAllTokens: () => auth.expireAllTokens(),
    reset: () => {
      state.reset();
      log.clear();
      faults.clear();
      limiter.clear();
      auth.tokenTtlSeconds = opts.tokenTtlSeconds;
    },
  };

  const dispatch = createDispatcher({
    routes: [...sessionsApiRoutes(ctx), ...desktopRoutes(ctx), ...customerRoutes(ctx), ...assetRoutes()],
    controlRoutes: opts.control ? controlRoutes(ops) : null,
    faults,
    log,
    timers,
  });
  const server = createServer((req, res) => void dispatch(req, res));
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

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
    ...ops,
    url,
    clientId: DEMO_CLIENT_ID,
    redirectUri: demoRedirectUri(opts.extensionId),
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.close(() => resolve());
        // Hanging faults and keep-alive sockets would otherwise hold close() open forever.
        server.closeAllConnections();
      }),
  };
}

function must<T>(operation: string, result: { ok: true; value: T } | { ok: false; message: string }): void {
  if (!result.ok) throw new Error(`${operation}: ${result.message}`);
}
