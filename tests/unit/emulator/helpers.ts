// Shared set-up for the emulator's tests: a real server on a free port and the OAuth dance.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { type Emulator, type EmulatorOptions, startEmulator } from '../../../emulator/server';

export const GENERIC_400 = {
  errors: [{ code: 'invalid_request', message: 'Unable to start cobrowse session for conversation.' }],
};
export const SESSIONS = '/api/v2/conversations/cobrowse/sessions';

export function start(options: EmulatorOptions = {}): Promise<Emulator> {
  return startEmulator({ control: true, ...options });
}

export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** An authorize URL with sane defaults; a null value leaves that parameter out. */
export function authorizeUrl(emu: Emulator, overrides: Record<string, string | null> = {}): string {
  const params: Record<string, string | null> = {
    response_type: 'code',
    client_id: emu.clientId,
    redirect_uri: emu.redirectUri,
    state: 'state-123',
    scope: 'cobrowse:write conversations:read users:read',
    code_challenge: pkce().challenge,
    code_challenge_method: 'S256',
    ...overrides,
  };
  const url = new URL('/oauth/authorize', emu.url);
  for (const [key, value] of Object.entries(params)) if (value !== null) url.searchParams.set(key, value);
  return url.href;
}

/** Signs a demo agent in and returns the Cookie header value for the login session. */
export async function signIn(emu: Emulator, agent = 'agent-ada'): Promise<string> {
  const res = await fetch(`${emu.url}/oauth/signin`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ agent, query: '' }),
    redirect: 'manual',
  });
  expect(res.status).toBe(302);
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  if (!cookie) throw new Error('signIn: no session cookie was set');
  return cookie;
}

export async function getCode(
  emu: Emulator,
  cookie: string,
  overrides: Record<string, string | null> = {},
): Promise<{ code: string; verifier: string }> {
  const { verifier, challenge } = pkce();
  const res = await fetch(authorizeUrl(emu, { code_challenge: challenge, ...overrides }), {
    headers: { cookie },
    redirect: 'manual',
  });
  expect(res.status).toBe(302);
  const code = new URL(res.headers.get('location') ?? '').searchParams.get('code');
  if (!code) throw new Error(`getCode: no code in ${res.headers.get('location')}`);
  return { code, verifier };
}

export function tokenRequest(
  emu: Emulator,
  form: Record<string, string>,
  headers: Record<string, string> = {},
) {
  return fetch(`${emu.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form),
  });
}

export function redeem(emu: Emulator, code: string, verifier: string, extra: Record<string, string> = {}) {
  return tokenRequest(emu, {
    grant_type: 'authorization_code',
    code,
    code_verifier: verifier,
    redirect_uri: emu.redirectUri,
    client_id: emu.clientId,
    ...extra,
  });
}

/** The token endpoint's answer to the full Authorization Code + PKCE flow of a signed-in agent. */
export async function codeGrant(
  emu: Emulator,
  authorize: Record<string, string | null> = {},
  agent?: string,
): Promise<Response> {
  const { code, verifier } = await getCode(emu, await signIn(emu, agent), authorize);
  return redeem(emu, code, verifier);
}

/** A user token through the full Authorization Code + PKCE flow. */
export async function userToken(
  emu: Emulator,
  opts: { agent?: string; scope?: string } = {},
): Promise<string> {
  const res = await codeGrant(emu, opts.scope ? { scope: opts.scope } : {}, opts.agent);
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** A client-credentials token: no user inside. */
export async function serviceToken(emu: Emulator, scope = 'cobrowse:write users:read'): Promise<string> {
  const res = await tokenRequest(emu, {
    grant_type: 'client_credentials',
    client_id: 'service-client',
    client_secret: 'service-secret',
    scope,
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

export function call(emu: Emulator, token: string | null, method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${emu.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export function sessionBody(
  conversationId: string,
  agentId = 'agent-ada',
  externalSessionId: string = randomUUID(),
) {
  return {
    externalSessionId,
    initiator: { type: 'agent', id: agentId },
    target: { type: 'customer', conversationId },
  };
}

/** A conversation that agent-ada has accepted: the usual precondition for starting a session. */
export function acceptedConversation(emu: Emulator, agentId = 'agent-ada'): string {
  const { id } = emu.createConversation();
  emu.acceptConversation(id, agentId);
  return id;
}

/** The create POST as agent-ada would send it with `token`, by default on a fresh accepted conversation. */
export function postSession(emu: Emulator, token: string | null, conversationId = acceptedConversation(emu)) {
  return call(emu, token, 'POST', SESSIONS, sessionBody(conversationId));
}

/** Checks the platform's error body: one error with this code, and a contextId. */
export async function expectError(res: Response, status: number, code: string): Promise<{ message: string }> {
  expect(res.status).toBe(status);
  const body = (await res.json()) as { errors: { code: string; message: string }[]; contextId: string };
  expect(body.errors).toHaveLength(1);
  expect(body.errors[0]?.code).toBe(code);
  expect(body.contextId).toMatch(/^[0-9a-f-]{36}$/);
  return { message: body.errors[0]?.message ?? '' };
}

/** Everything a refused request must leave untouched. */
export function snapshot(emu: Emulator) {
  return JSON.stringify({ sessions: emu.sessions() });
}
