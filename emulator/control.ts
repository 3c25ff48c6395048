// /__control/: the HTTP face of the test hooks, for tests that do not share the emulator's process.
// Mounted only when the emulator starts with `control: true`; the server also refuses non-loopback callers.
import { z } from 'zod';
import { apiError, empty, json, type Reply } from './http';
import { readJsonBody } from './json-body';
import type { RequestContext, Route } from './router';
import type { CobrowseSession, Conversation, Fault, LoggedRequest } from './types';

/** The subset of the Emulator the control API drives. */
export interface ControlOps {
  createConversation(input?: { id?: string; customerName?: string }): Conversation;
  acceptConversation(id: string, agentId: string): void;
  endConversation(id: string): void;
  sessions(): CobrowseSession[];
  requestLog(): LoggedRequest[];
  injectFault(route: string, fault: Fault & { times?: number }): void;
  setTokenTtlSeconds(seconds: number): void;
  expireAllTokens(): void;
  reset(): void;
}

const conversationBody = z.strictObject({ id: z.string().optional(), customerName: z.string().optional() });
const acceptBody = z.strictObject({ agentId: z.string().min(1) });
const faultBody = z.looseObject({ route: z.string() });
const ttlBody = z.strictObject({ seconds: z.number().positive() });

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

export function controlRoutes(ops: ControlOps): Route[] {
  return [
    withBody('POST', '/__control/conversations', conversationBody, (body) =>
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
    { method: 'POST', pattern: '/__control/reset', handler: () => done(() => ops.reset()) },
    {
      method: 'POST',
      pattern: '/__control/tokens/expire',
      handler: () => done(() => ops.expireAllTokens()),
    },
    withBody('PUT', '/__control/token-ttl', ttlBody, (body) =>
      done(() => ops.setTokenTtlSeconds(body.seconds)),
    ),
    // Body: { route: "METHOD /path", ...fault, times? }; the fault itself is validated by the registry.
    withBody('POST', '/__control/faults', faultBody, ({ route, ...fault }) =>
      done(() => ops.injectFault(route, fault)),
    ),
  ];
}
