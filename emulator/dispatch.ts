// Turns one HTTP request into one answer: logs it, applies any injected fault, routes it, and
// makes sure no input can crash the server.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorReply } from './context';
import { cannedReply, type FaultRegistry, faultLabel, tamperedRedirect } from './faults';
import { apiError, isLoopback, type Reply } from './http';
import type { RequestLog } from './request-log';
import { createRouter, type Route } from './router';
import type { ObservedAnswer } from './server';
import type { LoggedRequest } from './types';

export interface DispatchOptions {
  routes: Route[];
  controlRoutes: Route[] | null;
  faults: FaultRegistry;
  log: RequestLog;
  /** Delayed replies register their timers here so close() can cancel them. */
  timers: Set<NodeJS.Timeout>;
  /** The platform's error body for unrouted requests and injected faults; default apiError. */
  error?: ErrorReply;
  /** Shown every platform answer that is sent whole (not control, hang or closeAfterCommit). */
  observe?: (answer: ObservedAnswer) => void;
}

const CONTROL_PREFIX = '/__control/';

export function createDispatcher(opts: DispatchOptions) {
  const route = createRouter(opts.routes);
  const control = createRouter(opts.controlRoutes ?? []);
  const error = opts.error ?? apiError;

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    const url = parseUrl(req.url);
    if (!url) return send(res, error(400, 'invalid_request', 'The request target is not a valid path.'));

    if (url.pathname.startsWith(CONTROL_PREFIX) && opts.controlRoutes) {
      // Test hooks: never logged, never faulted, and only for this machine.
      if (!isLoopback(req)) return send(res, apiError(403, 'forbidden', 'The control API is loopback-only.'));
      return send(res, await run(control, method, url, req, undefined, apiError));
    }

    const entry = opts.log.start(method, url.pathname);
    const fault = opts.faults.take(method, url.pathname);
    if (fault) entry.fault = faultLabel(fault);
    if (fault?.delayMs) await delay(fault.delayMs, opts.timers);
    if (fault?.hang) {
      // With a status: headers go out and the body never ends. Without: nothing is ever sent.
      if (fault.status !== undefined) {
        entry.status = fault.status;
        res.writeHead(fault.status, { 'content-type': fault.contentType ?? 'application/json' });
        res.write(' ');
      }
      return;
    }
    // closeAfterCommit always runs the real handler: the point is a change the client never hears of.
    const canned = fault && !fault.closeAfterCommit ? cannedReply(fault, error) : undefined;
    const reply = canned ?? tamperedRedirect(fault, await run(route, method, url, req, entry, error));
    entry.status = reply.status;
    if (fault?.closeAfterCommit) return void req.socket.destroy();
    opts.observe?.({
      method,
      path: url.pathname,
      status: reply.status,
      contentType: reply.headers?.['content-type'],
      body: reply.body === undefined ? undefined : Buffer.from(reply.body).toString('utf8'),
      // A body a test wrote into the fault is deliberate nonsense, not the emulator's answer.
      injectedBody: canned !== undefined && (fault?.body !== undefined || fault?.hugeBodyBytes !== undefined),
    });
    send(res, reply);
  };
}

async function run(
  route: ReturnType<typeof createRouter>,
  method: string,
  url: URL,
  req: IncomingMessage,
  entry: LoggedRequest | undefined,
  errorReply: ErrorReply,
): Promise<Reply> {
  const match = route(method, url.pathname);
  if (match.kind === 'not-found')
    return errorReply(404, 'not_found', `No route for ${method} ${url.pathname}.`);
  if (match.kind === 'method-not-allowed') {
    return errorReply(405, 'method_not_allowed', `${method} is not allowed on ${url.pathname}.`, {
      allow: match.allow.join(', '),
    });
  }
  try {
    return await match.handler({
      req,
      url,
      params: match.params,
      logBody: (body) => {
        if (entry) entry.body = body;
      },
    });
  } catch (error) {
    console.error(`emulator: ${method} ${url.pathname} failed:`, error);
    return errorReply(500, 'internal_error', `The emulator failed to handle ${method} ${url.pathname}.`);
  }
}

function parseUrl(target: string | undefined): URL | undefined {
  if (!target?.startsWith('/')) return undefined;
  try {
    return new URL(target, 'http://emulator.invalid');
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, reply: Reply): void {
  if (res.destroyed || res.headersSent) return;
  const length = reply.body === undefined ? 0 : Buffer.byteLength(reply.body);
  // 204 and 304 must carry no body and no length.
  const sized = reply.status === 204 || reply.status === 304 ? {} : { 'content-length': String(length) };
  res.writeHead(reply.status, { ...sized, ...reply.headers });
  res.end(reply.body);
}

function delay(ms: number, timers: Set<NodeJS.Timeout>): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      resolve();
    }, ms);
    timers.add(timer);
  });
}
