// Faults injected per route for the next N matching requests, so tests can make the platform
// slow, wrong, silent or unreachable at exactly the moment they care about.
import { z } from 'zod';
import type { ErrorReply } from './context';
import { apiError, type Reply } from './http';
import { compilePattern, type PathMatcher } from './router';
import type { Fault } from './types';

const faultSchema = z
  .strictObject({
    status: z.number().int().min(100).max(599).optional(),
    retryAfter: z.union([z.number().nonnegative(), z.string().min(1)]).optional(),
    body: z.string().optional(),
    contentType: z.string().min(1).optional(),
    delayMs: z.number().int().min(0).max(600_000).optional(),
    closeAfterCommit: z.boolean().optional(),
    hang: z.boolean().optional(),
    hugeBodyBytes: z
      .number()
      .int()
      .min(0)
      .max(256 * 1024 * 1024)
      .optional(),
    redirectState: z.string().optional(),
    redirectUri: z.url().optional(),
    missingScope: z
      .string()
      .regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, 'must be one scope token')
      .optional(),
    times: z.number().int().positive().optional(),
  })
  .refine((f) => [f.hang, f.closeAfterCommit, f.hugeBodyBytes !== undefined].filter(Boolean).length <= 1, {
    message: 'hang, closeAfterCommit and hugeBodyBytes cannot be combined',
  });

const routeSchema = z.string().regex(/^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|\*) \/\S*$/, {
  message: 'route must look like "METHOD /path/:param" (method may be *)',
});

interface Armed {
  route: string;
  method: string;
  match: PathMatcher;
  fault: Fault;
  remaining: number;
}

export class FaultRegistry {
  #armed: Armed[] = [];

  /** Validates and arms a fault; throws an Error naming the bad field. */
  add(route: unknown, input: unknown): void {
    const parsedRoute = routeSchema.safeParse(route);
    if (!parsedRoute.success) throw new Error(`injectFault: bad route ${JSON.stringify(route)}`);
    const parsed = faultSchema.safeParse(input);
    if (!parsed.success)
      throw new Error(`injectFault(${parsedRoute.data}): ${z.prettifyError(parsed.error)}`);
    const { times = 1, ...fault } = parsed.data;
    const [method = '', path = ''] = parsedRoute.data.split(' ');
    this.#armed.push({
      route: parsedRoute.data,
      method,
      match: compilePattern(path),
      fault,
      remaining: times,
    });
  }

  /** Consumes one use of the first fault armed for this request, if any. */
  take(method: string, path: string): Fault | undefined {
    const armed = this.#armed.find((a) => (a.method === '*' || a.method === method) && a.match(path));
    if (!armed) return undefined;
    armed.remaining -= 1;
    if (armed.remaining <= 0) this.#armed = this.#armed.filter((a) => a !== armed);
    return armed.fault;
  }

  clear(): void {
    this.#armed = [];
  }
}

/** Names a fault in the request log. */
export function faultLabel(fault: Fault): string {
  if (fault.hang) return 'hang';
  if (fault.closeAfterCommit) return 'closeAfterCommit';
  if (fault.hugeBodyBytes !== undefined) return 'hugeBody';
  if (fault.missingScope !== undefined) return `missing scope ${fault.missingScope}`;
  if (fault.status !== undefined) return `status ${fault.status}`;
  if (fault.redirectState !== undefined || fault.redirectUri !== undefined) return 'redirect';
  return 'delay';
}

/** The canned answer for a status or huge-body fault; undefined means "run the real handler". */
export function cannedReply(fault: Fault, error: ErrorReply = apiError): Reply | undefined {
  if (fault.missingScope !== undefined) {
    // The platform's own refusal for a token whose OAuth client lacks a scope (each mode's wording).
    const message = `The access token lacks the scope ${fault.missingScope}.`;
    return error(403, 'missing_scope', message, {}, { scope: fault.missingScope });
  }
  if (fault.status === undefined && fault.hugeBodyBytes === undefined) return undefined;
  const status = fault.status ?? 200;
  const headers: Record<string, string> = {};
  if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
  let reply: Reply;
  if (fault.hugeBodyBytes !== undefined) reply = { status, body: paddedJson(fault.hugeBodyBytes) };
  else if (fault.body !== undefined) reply = { status, body: fault.body };
  else if (status >= 400) reply = error(status, 'injected_fault', `Injected fault: HTTP ${status}.`);
  else reply = { status };
  const contentType = fault.contentType ?? reply.headers?.['content-type'] ?? 'application/json';
  return { ...reply, headers: { ...reply.headers, ...headers, 'content-type': contentType } };
}

/**
 * A redirect (the authorize endpoint's answer) tampered with after the real handler ran: another
 * `state`, or another target URI keeping the query. Anything that is not a redirect passes unchanged
 * (the sign-in page, say), though it used one of the fault's `times`.
 */
export function tamperedRedirect(fault: Fault | undefined, reply: Reply): Reply {
  const location = reply.headers?.location;
  if (!fault || !location || (fault.redirectState === undefined && fault.redirectUri === undefined))
    return reply;
  const from = new URL(location, 'http://127.0.0.1/');
  const target = fault.redirectUri ? new URL(fault.redirectUri) : from;
  if (fault.redirectUri) target.search = from.search;
  if (fault.redirectState !== undefined) target.searchParams.set('state', fault.redirectState);
  return { ...reply, headers: { ...reply.headers, location: target.href } };
}

/** Valid JSON of exactly `bytes` bytes when possible, so only a size check can save the client. */
function paddedJson(bytes: number): Buffer {
  const frame = '{"padding":""}';
  if (bytes < frame.length) return Buffer.alloc(bytes, 'x');
  const body = Buffer.alloc(bytes, 'x');
  body.write('{"padding":"', 0);
  body.write('"}', bytes - 2);
  return body;
}
