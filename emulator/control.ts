// /__control/: the HTTP face of the test hooks, for tests that do not share the emulator's process.
// Mounted only when the emulator starts with `control: true`; the server also refuses non-loopback callers.
import { z } from 'zod';
import { apiError, empty, json, type Reply } from './http';
import { readJsonBody } from './json-body';
import type { RequestContext, Route } from './router';
import type { CobrowseSession, Conversation, Fault, LoggedRequest } from './types';

export interface ConversationInput {
  id?: string;
  customerName?: string;
}

/** The subset of the Emulator the control API drives; each platform mode fills in its own shapes. */
export interface ControlOps<C = Conversation, S = CobrowseSession, I = ConversationInput> {
  createConversation(input?: I): C;
  acceptConversation(id: string, agentId: string): void;
  endConversation(id: string): void;
  sessions(): S[];
  requestLog(): LoggedRequest[];
  injectFault(route: string, fault: Fault & { times?: number }): void;
  setTokenTtlSeconds(seconds: number): void;
  expireAllTokens(): void;
  reset(): void;
}

/** The notification stream's hooks (genesys-cloud mode). */
export interface StreamOps {
  /** Closes every notification WebSocket abruptly: no close frame, no message. */
  dropSockets(): void;
  /** Sends `v2.system.socket_closing`, then closes each socket. */
  closeSocketsGracefully(): void;
  /** Expires every channel now: its sockets close and its id stops working. */
  expireChannels(): void;
  openSockets(): number;
  /** A blind transfer of the conversation to another agent (who joins with purpose `user`). */
  transferConversation(id: string, toAgentId: string): void;
  /** Half-open: every open socket stays open but hears nothing more (no heartbeat, pong or event). */
  silenceSockets(): void;
  /** The 21st channel: fills the agent's 20-channel quota for the demo client with channels in use
   * elsewhere, so the next channel created evicts the least recently used (default count 20). */
  crowdChannels(userId: string, count?: number): void;
  /** The most sockets one channel ever had open at the same time. */
  maxSocketsPerChannel(): number;
  /** An offer made by `agentId` (as their POST …/cobrowse would, permissions aside). */
  offerCobrowseAs(id: string, agentId: string): { id: string; joinCode: string };
  /** Puts an offer's Cobrowsesession communication in `state` (e.g. a documented state the flow never uses). */
  setCommunicationState(offerId: string, state: string): void;
  /** The scopes the OAuth client is configured with; later sign-ins get these (reset() restores all). */
  setClientScopes(scopes: string[]): void;
}

export const conversationBody = z.strictObject({
  id: z.string().optional(),
  customerName: z.string().optional(),
});
const acceptBody = z.strictObject({ agentId: z.string().min(1) });
const stateBody = z.strictObject({ state: z.string().min(1).max(64) });
const faultBody = z.looseObject({ route: z.string() });
const ttlBody = z.strictObject({ seconds: z.number().positive() });
const crowdBody = z.strictObject({
  userId: z.string().min(1),
  count: z.number().int().min(1).max(20).optional(),
});

/** Control operations throw Errors that name what was wrong; they become 400s here. */
function attempt(run: () => Reply): Reply {
  try {
    return run();
  } catch (error) {
    return apiError(400, 'invalid_request', error instanceof Error ? error.message : String(error));
  }
}

/** Runs an operation that has nothing to return: 204. */
function done(run: () => void): Reply {
  return attempt(() => {
    run();
    return empty(204);
  });
}

/** A POST or PUT whose JSON body is validated before `run` sees it. */
function withBody<T>(
  method: string,
  pattern: string,
  schema: z.ZodType<T>,
  run: (body: T, c: RequestContext) => Reply,
): Route {
  return {
    method,
    pattern,
    handler: async (c) => {
      const body = await readJsonBody(c, schema);
      return body.ok ? attempt(() => run(body.value, c)) : body.reply;
    },
  };
}

const post = (pattern: string, run: () => void): Route => ({
  method: 'POST',
  pattern,
  handler: () => done(run),
});

export function controlRoutes<C, S, I>(ops: ControlOps<C, S, I>, inputSchema: z.ZodType<I>): Route[] {
  return [
    withBody('POST', '/__control/conversations', inputSchema, (body) =>
      json(201, ops.createConversation(body)),
    ),
    withBody('POST', '/__control/conversations/:id/accept', acceptBody, (body, c) =>
      done(() => ops.acceptConversation(c.params.id ?? '', body.agentId)),
    ),
    {
      method: 'POST',
      pattern: '/__control/conversations/:id/end',
      handler: (c) => done(() => ops.endConversation(c.params.id ?? '')),
    },
    { method: 'GET', pattern: '/__control/sessions', handler: () => json(200, { entities: ops.sessions() }) },
    {
      method: 'GET',
      pattern: '/__control/requests',
      handler: () => json(200, { entries: ops.requestLog() }),
    },
    post('/__control/reset', () => ops.reset()),
    post('/__control/tokens/expire', () => ops.expireAllTokens()),
    withBody('PUT', '/__control/token-ttl', ttlBody, (body) =>
      done(() => ops.setTokenTtlSeconds(body.seconds)),
    ),
    // Body: { route: "METHOD /path", ...fault, times? }; the fault itself is validated by the registry.
    withBody('POST', '/__control/faults', faultBody, ({ route, ...fault }) =>
      done(() => ops.injectFault(route, fault)),
    ),
  ];
}

export function streamControlRoutes(ops: StreamOps): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/__control/sockets',
      handler: () => json(200, { open: ops.openSockets(), maxPerChannel: ops.maxSocketsPerChannel() }),
    },
    post('/__control/sockets/drop', () => ops.dropSockets()),
    post('/__control/sockets/silence', () => ops.silenceSockets()),
    withBody('POST', '/__control/channels/crowd', crowdBody, ({ userId, count }) =>
      done(() => ops.crowdChannels(userId, count)),
    ),
    post('/__control/sockets/close', () => ops.closeSocketsGracefully()),
    post('/__control/channels/expire', () => ops.expireChannels()),
    withBody('POST', '/__control/conversations/:id/transfer', acceptBody, (body, c) =>
      done(() => ops.transferConversation(c.params.id ?? '', body.agentId)),
    ),
    withBody('POST', '/__control/conversations/:id/offer', acceptBody, (body, c) =>
      attempt(() => json(201, ops.offerCobrowseAs(c.params.id ?? '', body.agentId))),
    ),
    withBody('POST', '/__control/offers/:id/state', stateBody, (body, c) =>
      done(() => ops.setCommunicationState(c.params.id ?? '', body.state)),
    ),
  ];
}
