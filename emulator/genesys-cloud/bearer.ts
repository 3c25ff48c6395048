// Bearer-token checks for the genesys-cloud routes, answered with the platform's ErrorBody and wording.
import type { TokenGrant } from '../auth-store';
import type { AuthContext } from '../context';
import type { Reply } from '../http';
import type { RequestContext } from '../router';
import { errorBody, userContextRequired } from './errors';

export type Caller = { ok: true; token: string; grant: TokenGrant } | { ok: false; reply: Reply };
export type UserCaller = { ok: true; token: string; userId: string } | { ok: false; reply: Reply };

const unauthorized = (code: string, message: string): Caller => ({
  ok: false,
  reply: errorBody(401, code, message),
});

/**
 * The scopes each operation accepts, as the published definitions list them (`security` of each
 * operation; docs/genesys-cloud.md): a token with none of them gets 403 app.not.authorized.for.scope.
 */
export const SCOPES = {
  usersMe: ['user-basic-info'],
  conversationsRead: ['conversations', 'conversations:readonly'],
  cobrowse: ['conversations'],
  notifications: ['notifications'],
} as const;

export function authenticate(
  ctx: AuthContext,
  { req }: RequestContext,
  scopes: readonly string[] = [],
): Caller {
  const header = req.headers.authorization;
  if (header === undefined || header.trim() === '') {
    return unauthorized(
      'authentication.required',
      'No authentication bearer token specified in authorization header.',
    );
  }
  const match = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i.exec(header.trim());
  if (!match?.[1]) return unauthorized('bad.credentials', 'Invalid login credentials.');
  const found = ctx.auth.lookupToken(match[1]);
  // The real platform forgets expired tokens, so they read as unknown ones.
  if (found.status !== 'valid') return unauthorized('bad.credentials', 'Invalid login credentials.');
  if (scopes.length > 0 && !scopes.some((scope) => found.grant.scope.includes(scope))) {
    const text = 'App not authorized to use scope {scope}';
    return {
      ok: false,
      reply: errorBody(403, 'app.not.authorized.for.scope', text.replace('{scope}', scopes[0] ?? ''), {
        template: { text, params: { scope: scopes[0] ?? '' } },
      }),
    };
  }
  return { ok: true, token: match[1], grant: found.grant };
}

/** For resources that need a person behind the token (users/me, co-browse offers). */
export function authenticateUser(
  ctx: AuthContext,
  c: RequestContext,
  scopes: readonly string[] = [],
): UserCaller {
  const caller = authenticate(ctx, c, scopes);
  if (!caller.ok) return caller;
  if (caller.grant.userId === null) return { ok: false, reply: userContextRequired() };
  return { ok: true, token: caller.token, userId: caller.grant.userId };
}

/** undefined when under the per-token rate, else the 429 to send. */
export function checkRate(ctx: AuthContext, token: string, max: number, windowMs: number): Reply | undefined {
  const hit = ctx.limiter.hit(token);
  if (hit.ok) return undefined;
  const seconds = String(Math.ceil(windowMs / 1000));
  const text = 'Rate limit exceeded the maximum [{limit}] requests within [{seconds}] seconds';
  const params = { limit: String(max), seconds };
  return errorBody(
    429,
    'too.many.requests',
    text.replace('{limit}', params.limit).replace('{seconds}', seconds),
    {
      template: { text, params },
      headers: { 'retry-after': String(hit.retryAfterSeconds) },
    },
  );
}
