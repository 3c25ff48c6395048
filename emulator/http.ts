// Reply values and helpers shared by every route module. Handlers return a Reply instead of
// writing to the response, so a fault can run the real handler and then drop its answer.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export const MAX_BODY_BYTES = 8 * 1024;
/** Past this we stop draining an oversized upload and drop the connection. */
const MAX_DRAIN_BYTES = 16 * 1024 * 1024;

export function json(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(value),
  };
}

export function html(status: number, text: string): Reply {
  return { status, headers: { 'content-type': 'text/html; charset=utf-8' }, body: text };
}

export function empty(status: number, headers: Record<string, string> = {}): Reply {
  return { status, headers };
}

export function redirect(location: string, headers: Record<string, string> = {}): Reply {
  return { status: 302, headers: { location, 'cache-control': 'no-store', ...headers } };
}

/** The platform's error body; every error gets its own contextId, as the real one does. */
export function apiError(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): Reply {
  return json(status, { errors: [{ code, message }], contextId: randomUUID() }, headers);
}

export type BodyResult = { ok: true; bytes: Buffer } | { ok: false; reason: 'too_large' | 'aborted' };

/** Reads a request body, keeping at most `limit` bytes; drains the rest so the client sees our answer. */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > MAX_DRAIN_BYTES) req.destroy();
    });
    req.on('end', () =>
      resolve(size > limit ? { ok: false, reason: 'too_large' } : { ok: true, bytes: Buffer.concat(chunks) }),
    );
    req.on('error', () => resolve({ ok: false, reason: 'aborted' }));
    req.on('close', () => {
      if (!req.complete) resolve({ ok: false, reason: size > limit ? 'too_large' : 'aborted' });
    });
  });
}

/** True when the Content-Type's media type (parameters ignored) equals `mediaType`. */
export function hasMediaType(req: IncomingMessage, mediaType: string): boolean {
  const value = req.headers['content-type'];
  if (typeof value !== 'string') return false;
  return value.split(';')[0]?.trim().toLowerCase() === mediaType;
}

/** JSON.parse without throwing; undefined means "not JSON". */
export function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}

export function formParams(bytes: Buffer): URLSearchParams {
  return new URLSearchParams(bytes.toString('utf8'));
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export function isLoopback(req: IncomingMessage): boolean {
  return LOOPBACK.has(req.socket.remoteAddress ?? '');
}

/** One cookie's value from the Cookie header, or undefined. */
export function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const pair of (req.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = pair.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/** True when any of `names` appears more than once (RFC 6749 §3.1 forbids repeated parameters). */
export function hasRepeatedParam(params: URLSearchParams, names: readonly string[]): string | undefined {
  return names.find((name) => params.getAll(name).length > 1);
}
