// Bearer-token checks shared by the REST routes: who is calling, with what scope, how often.
import type { TokenGrant } from '../auth-store';
import type { EmulatorContext } from '../context';
import { apiError, type Reply } from '../http';
import type { RequestContext } from '../router';

export type Caller = { ok: true; token: string; grant: TokenGrant } | { ok: false; reply: Reply };

const REALM = 'Bearer realm="sessions-api"';

export function authenticate(ctx: EmulatorContext, { req }: RequestContext): Caller {
  const header = req.headers.authorization;
  const match = header === undefined ? null : /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i.exec(header.trim());
  if (!match?.[1]) {
    const message =
      header === undefined ? 'Authentication required.' : 'Authorization header is not a Bearer token.';
    return { ok: false, reply: apiError(401, 'unauthorized', message, { 'www-authenticate': REALM }) };
  }
  const token = match[1];
  const found = ctx.auth.lookupToken(token);
  if (found.status !== 'valid') {
    const message =
      found.status === 'expired' ? 'The access token has expired.' : 'The access token is invalid.';
    return {
      ok: false,
      reply: apiError(401, 'invalid_token', message, {
        'www-authenticate': `${REALM}, error="invalid_token"`,
      }),
    };
  }
  return { ok: true, token, grant: found.grant };
}

/** undefined when the token has the scope, else the 403 to send. */
export function requireScope(grant: Pick<TokenGrant, 'scope'>, scope: string): Reply | undefined {
  if (grant.scope.includes(scope)) return undefined;
  return apiError(403, 'missing_scope', `The access token lacks the scope ${scope}.`);
}

/** undefined when under the per-token rate, else the 429 to send. */
export function checkRate(ctx: EmulatorContext, token: string): Reply | undefined {
  const hit = ctx.limiter.hit(token);
  if (hit.ok) return undefined;
  return apiError(429, 'too_many_requests', 'Rate limit exceeded for this token.', {
    'retry-after': String(hit.retryAfterSeconds),
  });
}
