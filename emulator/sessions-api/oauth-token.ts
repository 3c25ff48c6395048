// POST /oauth/token: authorization_code with PKCE for the public client, client_credentials for
// the confidential one. Errors follow RFC 6749 §5.2.
import type { IncomingMessage } from 'node:http';
import type { AuthContext } from '../context';
import { type OAuthClient, parseScope } from '../directory';
import { formParams, hasMediaType, hasRepeatedParam, json, type Reply, readBody } from '../http';
import type { RequestContext, Route } from '../router';

const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };
const PARAMS = ['grant_type', 'code', 'redirect_uri', 'client_id', 'client_secret', 'code_verifier', 'scope'];
/** RFC 7636 §4.1: 43-128 unreserved characters. */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

export function tokenRoutes(ctx: AuthContext): Route[] {
  return [{ method: 'POST', pattern: '/oauth/token', handler: (c) => token(ctx, c) }];
}

function oauthError(
  status: number,
  error: string,
  description: string,
  extra: Record<string, string> = {},
): Reply {
  return json(status, { error, error_description: description }, { ...NO_STORE, ...extra });
}

async function token(ctx: AuthContext, { req }: RequestContext): Promise<Reply> {
  if (!hasMediaType(req, 'application/x-www-form-urlencoded')) {
    return oauthError(400, 'invalid_request', 'body must be application/x-www-form-urlencoded');
  }
  const body = await readBody(req);
  if (!body.ok) return oauthError(400, 'invalid_request', 'body is larger than 8 KB');
  const form = formParams(body.bytes);
  const repeated = hasRepeatedParam(form, PARAMS);
  if (repeated) return oauthError(400, 'invalid_request', `${repeated} must appear once`);

  const client = authenticateClient(ctx.clients, form, req);
  if (!client.ok) return client.reply;
  const grantType = form.get('grant_type');
  if (!grantType) return oauthError(400, 'invalid_request', 'grant_type is required');
  if (grantType !== 'authorization_code' && grantType !== 'client_credentials') {
    return oauthError(400, 'unsupported_grant_type', `grant_type ${grantType} is not supported`);
  }
  if (!client.client.grants.includes(grantType)) {
    return oauthError(400, 'unauthorized_client', `${client.client.id} may not use ${grantType}`);
  }
  return grantType === 'authorization_code'
    ? authorizationCode(ctx, client.client, form)
    : clientCredentials(ctx, client.client, form);
}

function authorizationCode(ctx: AuthContext, client: OAuthClient, form: URLSearchParams): Reply {
  const code = form.get('code');
  const redirectUri = form.get('redirect_uri');
  const verifier = form.get('code_verifier');
  if (!code) return oauthError(400, 'invalid_request', 'code is required');
  if (!redirectUri) return oauthError(400, 'invalid_request', 'redirect_uri is required');
  if (!verifier) return oauthError(400, 'invalid_request', 'code_verifier is required (PKCE)');
  if (!VERIFIER.test(verifier))
    return oauthError(400, 'invalid_request', 'code_verifier must be 43-128 unreserved characters');
  const redeemed = ctx.auth.redeemCode({ code, clientId: client.id, redirectUri, verifier });
  if (!redeemed.ok) return oauthError(400, 'invalid_grant', redeemed.description);
  const issued = ctx.auth.issueToken({ userId: redeemed.userId, clientId: client.id, scope: redeemed.scope });
  redeemed.issue(issued.accessToken);
  return tokenReply(issued, redeemed.scope);
}

function clientCredentials(ctx: AuthContext, client: OAuthClient, form: URLSearchParams): Reply {
  const parsed = parseScope(form.get('scope'), ctx.scopes);
  if (!parsed) return oauthError(400, 'invalid_scope', 'scope names an unsupported scope');
  const scope = parsed.length === 0 && ctx.clientScopes ? [...ctx.clientScopes()] : parsed;
  // No user: this is the token the platform's user-scoped endpoints must refuse.
  return tokenReply(ctx.auth.issueToken({ userId: null, clientId: client.id, scope }), scope);
}

function tokenReply(issued: { accessToken: string; expiresIn: number }, scope: string[]): Reply {
  return json(
    200,
    {
      access_token: issued.accessToken,
      token_type: 'bearer',
      expires_in: issued.expiresIn,
      scope: scope.join(' '),
    },
    NO_STORE,
  );
}

type ClientAuth = { ok: true; client: OAuthClient } | { ok: false; reply: Reply };

/** RFC 6749 §2.3.1: HTTP Basic or client_id/client_secret in the body; public clients send only client_id. */
function authenticateClient(clients: OAuthClient[], form: URLSearchParams, req: IncomingMessage): ClientAuth {
  const basic = parseBasic(req.headers.authorization);
  const challenge: Record<string, string> = basic ? { 'www-authenticate': 'Basic realm="oauth"' } : {};
  const fail = (description: string): ClientAuth => ({
    ok: false,
    reply: oauthError(401, 'invalid_client', description, challenge),
  });
  if (basic === null) return fail('Authorization header is not valid HTTP Basic');
  if (basic && form.has('client_secret')) return fail('send client credentials one way only');
  const id = basic?.id ?? form.get('client_id');
  const secret = basic?.secret ?? form.get('client_secret') ?? undefined;
  if (!id) return fail('client_id is required');
  if (basic && form.has('client_id') && form.get('client_id') !== id) return fail('client_id does not match');
  const client = clients.find((c) => c.id === id);
  if (!client) return fail(`client ${id} is not registered`);
  if (client.secret !== undefined && client.secret !== secret) return fail('client authentication failed');
  if (client.secret === undefined && secret !== undefined) return fail('public clients have no secret');
  return { ok: true, client };
}

/** undefined: no Authorization header; null: a header that is not valid Basic. */
function parseBasic(header: string | undefined): { id: string; secret: string } | null | undefined {
  if (header === undefined) return undefined;
  const match = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(header.trim());
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  try {
    return {
      id: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')),
      secret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')),
    };
  } catch {
    return null;
  }
}
