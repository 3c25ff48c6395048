// GET /oauth/authorize (Authorization Code + PKCE, RFC 6749 §4.1, RFC 7636) and its sign-in form.
import { type AuthContext, SESSION_COOKIE } from '../context';
import { findAgent, parseScope } from '../directory';
import {
  formParams,
  hasMediaType,
  hasRepeatedParam,
  html,
  type Reply,
  readBody,
  readCookie,
  redirect,
} from '../http';
import { errorPage } from '../pages/html';
import { signInPage } from '../pages/signin';
import type { RequestContext, Route } from '../router';

const PARAMS = [
  'response_type',
  'client_id',
  'redirect_uri',
  'state',
  'scope',
  'code_challenge',
  'code_challenge_method',
  'prompt',
];
/** BASE64URL(SHA256(verifier)) is always 43 characters. */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

export function authorizeRoutes(ctx: AuthContext): Route[] {
  return [
    { method: 'GET', pattern: '/oauth/authorize', handler: (c) => authorize(ctx, c) },
    { method: 'POST', pattern: '/oauth/signin', handler: (c) => signIn(ctx, c) },
    { method: 'GET', pattern: '/oauth/signout', handler: (c) => signOut(ctx, c) },
  ];
}

function authorize(ctx: AuthContext, { req, url }: RequestContext): Reply {
  const q = url.searchParams;
  // Until client and redirect URI are trusted, nothing may be sent to the redirect URI.
  if (q.getAll('client_id').length > 1 || q.getAll('redirect_uri').length > 1) {
    return html(400, errorPage('Invalid request', 'client_id and redirect_uri must appear once.'));
  }
  const client = ctx.clients.find((c) => c.id === q.get('client_id'));
  if (!client) {
    return html(
      400,
      errorPage('Unknown client', `client_id ${JSON.stringify(q.get('client_id'))} is not registered.`),
    );
  }
  const redirectUri = q.get('redirect_uri') ?? '';
  if (!client.redirectUris.includes(redirectUri)) {
    return html(
      400,
      errorPage(
        'Invalid redirect URI',
        `redirect_uri ${JSON.stringify(redirectUri)} is not registered for ${client.id}.`,
      ),
    );
  }
  const state = q.get('state');
  const back = (params: Record<string, string>): Reply => {
    const target = new URL(redirectUri);
    for (const [key, value] of Object.entries(params)) target.searchParams.set(key, value);
    if (state) target.searchParams.set('state', state);
    return redirect(target.href);
  };
  const refuse = (error: string, description: string) => back({ error, error_description: description });

  const repeated = hasRepeatedParam(q, PARAMS);
  if (repeated) return refuse('invalid_request', `${repeated} must appear once`);
  if (!state) return refuse('invalid_request', 'state is required');
  if (q.get('response_type') !== 'code')
    return refuse('unsupported_response_type', 'response_type must be code');
  if (!client.grants.includes('authorization_code')) {
    return refuse('unauthorized_client', 'client may not use the authorization code grant');
  }
  const challenge = q.get('code_challenge');
  if (!challenge) return refuse('invalid_request', 'code_challenge is required (PKCE)');
  if (q.get('code_challenge_method') !== 'S256') {
    return refuse('invalid_request', 'code_challenge_method must be S256; plain is not supported');
  }
  if (!S256_CHALLENGE.test(challenge))
    return refuse('invalid_request', 'code_challenge is not a base64url SHA-256');
  const parsed = parseScope(q.get('scope'), ctx.scopes);
  if (!parsed) return refuse('invalid_scope', 'scope names an unsupported scope');
  const scope = parsed.length === 0 && ctx.clientScopes ? [...ctx.clientScopes()] : parsed;

  // OIDC Core §3.1.2.1 prompt=login: ask for credentials even when a login session exists (Genesys
  // Cloud documents the same for its /oauth/authorize). The sign-in form's own redirect back drops it.
  const freshLogin = q.get('prompt') === 'login';
  const userId = freshLogin ? undefined : ctx.auth.signedInUser(readCookie(req, SESSION_COOKIE));
  if (!userId) {
    if (q.get('prompt') === 'none') return refuse('login_required', 'no signed-in user and prompt=none');
    return html(200, signInPage(q.toString(), client.id));
  }
  const code = ctx.auth.issueCode({
    clientId: client.id,
    redirectUri,
    codeChallenge: challenge,
    userId,
    scope,
  });
  return back({ code });
}

async function signIn(ctx: AuthContext, { req }: RequestContext): Promise<Reply> {
  if (!hasMediaType(req, 'application/x-www-form-urlencoded')) {
    return html(415, errorPage('Unsupported form', 'The sign-in form must be posted form-encoded.'));
  }
  const body = await readBody(req);
  if (!body.ok) return html(413, errorPage('Form too large', 'The sign-in form is larger than 8 KB.'));
  const form = formParams(body.bytes);
  const agent = findAgent(form.get('agent'));
  if (!agent)
    return html(400, errorPage('Unknown agent', `No demo agent ${JSON.stringify(form.get('agent'))}.`));
  const sid = ctx.auth.signIn(agent.id);
  // Only the query is carried, so the form can never redirect anywhere but back to authorize.
  const carried = new URLSearchParams(form.get('query') ?? '');
  // The login just happened: prompt=login is satisfied, so the way back must not ask again.
  if (carried.get('prompt') === 'login') carried.delete('prompt');
  const query = carried.toString();
  return redirect(`/oauth/authorize?${query}`, {
    'set-cookie': `${SESSION_COOKIE}=${sid}; Path=/; HttpOnly; SameSite=Lax`,
  });
}

function signOut(ctx: AuthContext, { req }: RequestContext): Reply {
  ctx.auth.signOut(readCookie(req, SESSION_COOKIE));
  const reply = html(
    200,
    errorPage('Signed out', 'The next authorization request will show the sign-in page.'),
  );
  return { ...reply, headers: { ...reply.headers, 'set-cookie': `${SESSION_COOKIE}=; Path=/; Max-Age=0` } };
}
