// Shared set-up for the genesys-cloud mode's tests: a real server on a free port, the OAuth dance,
// ErrorBody checks and a recording WebSocket client.
import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import WebSocket from 'ws';
import { type GenesysEmulator, type GenesysEmulatorOptions, startEmulator } from '../../../emulator/server';
import { conformanceObserver } from './openapi/check';

/**
 * Every emulator these tests start is checked against Genesys's published definitions
 * (openapi/check.ts): close() fails the suite with each answer or stream frame Genesys does not document.
 */
export async function start(options: Partial<GenesysEmulatorOptions> = {}): Promise<GenesysEmulator> {
  const conformance = conformanceObserver();
  const emu = await startEmulator({
    control: true,
    ...options,
    platform: 'genesys-cloud',
    observe: conformance,
  });
  const close = emu.close;
  emu.close = async () => {
    await close();
    // CONFORMANCE_DUMP=1 prints each violation whole (the assertion below truncates long lists).
    if (process.env.CONFORMANCE_DUMP) for (const v of conformance.violations) console.log('VIOLATION', v);
    expect(conformance.violations, 'answers and frames the Genesys definitions do not allow').toEqual([]);
  };
  return emu;
}

/** A user token through sign-in, authorize (PKCE S256) and the token endpoint. */
export async function userToken(emu: GenesysEmulator, agent = 'agent-ada'): Promise<string> {
  const signIn = await fetch(`${emu.url}/oauth/signin`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ agent, query: '' }),
    redirect: 'manual',
  });
  const cookie = signIn.headers.get('set-cookie')?.split(';')[0] ?? '';
  const verifier = randomBytes(32).toString('base64url');
  const authorize = new URL('/oauth/authorize', emu.url);
  for (const [key, value] of Object.entries({
    response_type: 'code',
    client_id: emu.clientId,
    redirect_uri: emu.redirectUri,
    state: 'state-1',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }))
    authorize.searchParams.set(key, value);
  const redirect = await fetch(authorize, { headers: { cookie }, redirect: 'manual' });
  const code = new URL(redirect.headers.get('location') ?? '').searchParams.get('code') ?? '';
  const token = await fetch(`${emu.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      redirect_uri: emu.redirectUri,
      client_id: emu.clientId,
    }),
  });
  expect(token.status).toBe(200);
  return ((await token.json()) as { access_token: string }).access_token;
}

/** A client-credentials token: no user behind it. */
export async function serviceToken(emu: GenesysEmulator): Promise<string> {
  const res = await fetch(`${emu.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: 'service-client',
      client_secret: 'service-secret',
    }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

export function call(
  emu: GenesysEmulator,
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
) {
  const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${emu.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export interface ErrorBody {
  message: string;
  code: string;
  status: number;
  contextId: string;
  details: unknown[];
  errors: unknown[];
  messageWithParams?: string;
  messageParams?: Record<string, string>;
}

/** Checks Genesys's ErrorBody: status in the body matches the HTTP status, a contextId, empty lists. */
export async function expectErrorBody(res: Response, status: number, code: string): Promise<ErrorBody> {
  expect(res.status).toBe(status);
  const body = (await res.json()) as ErrorBody;
  expect(body).toMatchObject({ code, status, details: [], errors: [] });
  expect(body.message).toEqual(expect.any(String));
  expect(body.contextId).toMatch(/^[0-9a-f-]{36}$/);
  return body;
}

/** A conversation agent-ada has accepted: the precondition for an offer. */
export function acceptedConversation(
  emu: GenesysEmulator,
  mediaType?: 'webmessaging' | 'chat' | 'email' | 'voice',
): string {
  const { id } = emu.createConversation(mediaType ? { mediaType } : {});
  emu.acceptConversation(id, 'agent-ada');
  return id;
}

export const offerPath = (conversationId: string) => `/api/v2/conversations/${conversationId}/cobrowse`;

/** A channel subscribed to the token's user's conversations. */
export async function subscribedChannel(emu: GenesysEmulator, token: string, userId = 'agent-ada') {
  const channel = (await (await call(emu, token, 'POST', '/api/v2/notifications/channels')).json()) as {
    id: string;
    connectUri: string;
    expires: string;
  };
  const put = await call(emu, token, 'PUT', `/api/v2/notifications/channels/${channel.id}/subscriptions`, [
    { id: `v2.users.${userId}.conversations` },
  ]);
  expect(put.status).toBe(200);
  return channel;
}

export interface Recorder {
  ws: WebSocket;
  messages: { topicName: string; version?: string; eventBody: Record<string, unknown> }[];
  closed: Promise<{ code: number; reason: string }>;
  /** Messages on one topic, in arrival order. */
  on(topic: string): Recorder['messages'];
}

/** Opens the channel's WebSocket and records every message. */
export async function connect(uri: string): Promise<Recorder> {
  const ws = new WebSocket(uri);
  const messages: Recorder['messages'] = [];
  ws.on('message', (data) => messages.push(JSON.parse(data.toString())));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, messages, closed, on: (topic) => messages.filter((m) => m.topicName === topic) };
}

/** The HTTP status a refused WebSocket handshake got. */
export function refusedUpgrade(uri: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(uri);
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => reject(new Error(`${uri} was accepted`)));
    ws.on('error', () => undefined);
  });
}
