// Reads and validates a small JSON body for the emulator's own page backends and control API.
import type { z } from 'zod';
import { apiError, hasMediaType, parseJson, type Reply, readBody } from './http';
import type { RequestContext } from './router';

export type Parsed<T> = { ok: true; value: T } | { ok: false; reply: Reply };

/** An empty body counts as `{}` so callers can POST without one. */
export async function readJsonBody<T>(c: RequestContext, schema: z.ZodType<T>): Promise<Parsed<T>> {
  const hasBody =
    Number(c.req.headers['content-length'] ?? 0) > 0 || c.req.headers['transfer-encoding'] !== undefined;
  if (hasBody && !hasMediaType(c.req, 'application/json')) {
    return {
      ok: false,
      reply: apiError(415, 'unsupported_media_type', 'Content-Type must be application/json.'),
    };
  }
  const body = await readBody(c.req);
  if (!body.ok) return { ok: false, reply: apiError(413, 'payload_too_large', 'Request body exceeds 8 KB.') };
  const raw = body.bytes.length === 0 ? {} : parseJson(body.bytes);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const detail =
      raw === undefined ? 'body is not JSON' : parsed.error.issues.map((i) => i.message).join('; ');
    return { ok: false, reply: apiError(400, 'invalid_request', `Invalid body: ${detail}.`) };
  }
  return { ok: true, value: parsed.data };
}
