import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../../emulator/server';
import { startEmulator } from '../../../emulator/server';
import {
  acceptedConversation,
  call,
  getCode,
  redeem,
  SESSIONS,
  sessionBody,
  signIn,
  start,
  userToken,
} from './helpers';

let emu: Emulator;
beforeAll(async () => {
  emu = await start();
});
beforeEach(() => emu.reset());
afterAll(() => emu.close());

const control = (method: string, path: string, body?: unknown) =>
  fetch(`${emu.url}/__control/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe('control API over HTTP', () => {
  it('creates, accepts and ends conversations', async () => {
    const created = await control('POST', 'conversations', { id: 'chat-1', customerName: 'Pat' });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({
      id: 'chat-1',
      state: 'active',
      participants: [{ purpose: 'customer', name: 'Pat', state: 'connected' }],
    });
    expect((await control('POST', 'conversations', { id: 'chat-1' })).status).toBe(400);
    expect((await control('POST', 'conversations/chat-1/accept', { agentId: 'agent-ada' })).status).toBe(204);
    expect((await control('POST', 'conversations/chat-1/end')).status).toBe(204);
    expect((await control('POST', 'conversations/nope/end')).status).toBe(400);
  });

  it('creates a conversation without a body', async () => {
    const res = await control('POST', 'conversations');
    expect(res.status).toBe(201);
  });

  it('injects faults, reads the log and sessions, expires tokens and resets', async () => {
    const token = await userToken(emu);
    expect((await control('POST', 'faults', { route: 'GET /api/v2/users/me', status: 418 })).status).toBe(
      204,
    );
    expect((await control('POST', 'faults', { route: 'GET /x', status: 'no' })).status).toBe(400);
    expect((await call(emu, token, 'GET', '/api/v2/users/me')).status).toBe(418);
    const log = (await (await control('GET', 'requests')).json()) as { entries: { path: string }[] };
    expect(log.entries.map((e) => e.path)).toContain('/api/v2/users/me');
    expect(await (await control('GET', 'sessions')).json()).toEqual({ entities: [] });
    expect((await control('POST', 'tokens/expire')).status).toBe(204);
    expect((await call(emu, token, 'GET', '/api/v2/users/me')).status).toBe(401);
    expect((await control('PUT', 'token-ttl', { seconds: 30 })).status).toBe(204);
    expect((await control('PUT', 'token-ttl', { seconds: -1 })).status).toBe(400);
    expect((await control('POST', 'reset')).status).toBe(204);
    expect(emu.requestLog()).toEqual([]);
  });

  it('forgets a session: GET and DELETE answer 404 and the list leaves it out (programmatic and HTTP)', async () => {
    const token = await userToken(emu);
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const created = await call(emu, token, 'POST', SESSIONS, sessionBody(acceptedConversation(emu)));
      expect(created.status).toBe(201);
      ids.push(((await created.json()) as { id: string }).id);
    }
    const [first = '', second = ''] = ids;
    emu.forgetSession(first);
    expect((await control('POST', `sessions/${second}/forget`)).status).toBe(204);
    for (const id of ids) {
      expect((await call(emu, token, 'GET', `${SESSIONS}/${id}`)).status).toBe(404);
      expect((await call(emu, token, 'DELETE', `${SESSIONS}/${id}`)).status).toBe(404);
    }
    expect(emu.sessions()).toEqual([]);
    expect((await control('POST', `sessions/${first}/forget`)).status).toBe(400);
    expect(() => emu.forgetSession('nope')).toThrow(/forgetSession: session nope does not exist/);
  });

  it('is absent unless the emulator starts with control: true', async () => {
    const plain = await startEmulator();
    try {
      expect((await fetch(`${plain.url}/__control/requests`)).status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});

describe('programmatic API', () => {
  it('exposes the demo client and redirect URI for the configured extension id', async () => {
    const other = await startEmulator({ extensionId: 'abcdefghijklmnopabcdefghijklmnop' });
    try {
      expect(other.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(other.clientId).toBe('cobrowse-autostart-demo');
      expect(other.redirectUri).toBe('https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/callback');
    } finally {
      await other.close();
    }
  });

  it('refuses bad options and bad calls with errors that name them', async () => {
    await expect(startEmulator({ port: -1 })).rejects.toThrow(/port/);
    await expect(startEmulator({ extensionId: 'x' })).rejects.toThrow(/extension id/);
    expect(() => emu.acceptConversation('nope', 'agent-ada')).toThrow(
      /acceptConversation: conversation nope/,
    );
    const { id } = emu.createConversation();
    expect(() => emu.acceptConversation(id, 'agent-zed')).toThrow(/agent agent-zed/);
    expect(() => emu.createConversation({ id: 'has space' })).toThrow(/createConversation/);
  });

  it('reset() clears conversations and sessions but keeps sign-ins and tokens', async () => {
    const token = await userToken(emu);
    const conversationId = acceptedConversation(emu);
    expect((await call(emu, token, 'POST', SESSIONS, sessionBody(conversationId))).status).toBe(201);
    emu.reset();
    expect(emu.sessions()).toEqual([]);
    expect((await call(emu, token, 'GET', `/api/v2/conversations/${conversationId}`)).status).toBe(404);
    expect((await call(emu, token, 'GET', '/api/v2/users/me')).status).toBe(200);
  });
});

describe('request log', () => {
  it('records method, path, status and a high-resolution receivedAt in order', async () => {
    const before = performance.timeOrigin + performance.now();
    await fetch(`${emu.url}/desktop?agent=agent-ada`);
    await fetch(`${emu.url}/nowhere`);
    const after = performance.timeOrigin + performance.now();
    const log = emu.requestLog();
    expect(log).toEqual([
      { method: 'GET', path: '/desktop', status: 200, receivedAt: expect.any(Number) },
      { method: 'GET', path: '/nowhere', status: 404, receivedAt: expect.any(Number) },
    ]);
    const [first, second] = log;
    expect(first?.receivedAt).toBeGreaterThanOrEqual(before);
    expect(second?.receivedAt).toBeGreaterThanOrEqual(first?.receivedAt ?? Number.POSITIVE_INFINITY);
    expect(second?.receivedAt).toBeLessThanOrEqual(after);
  });

  it('records the parsed body of a sessions POST, refused or not', async () => {
    const token = await userToken(emu);
    const body = sessionBody(acceptedConversation(emu));
    await call(emu, token, 'POST', SESSIONS, body);
    await call(emu, token, 'POST', SESSIONS, body);
    const posts = emu.requestLog().filter((r) => r.method === 'POST' && r.path === SESSIONS);
    expect(posts).toEqual([
      { method: 'POST', path: SESSIONS, status: 201, receivedAt: expect.any(Number), body },
      { method: 'POST', path: SESSIONS, status: 400, receivedAt: expect.any(Number), body },
    ]);
  });

  it('never holds a token, code, verifier, challenge or state', async () => {
    const cookie = await signIn(emu);
    const { code, verifier } = await getCode(emu, cookie, { state: 'secret-state' });
    const { access_token: token } = (await (await redeem(emu, code, verifier)).json()) as {
      access_token: string;
    };
    await call(emu, token, 'GET', '/api/v2/users/me');
    const text = JSON.stringify(emu.requestLog());
    for (const secret of [code, verifier, token, 'secret-state', cookie.split('=')[1] ?? 'x', 'Bearer']) {
      expect(text).not.toContain(secret);
    }
    expect(emu.requestLog().map((r) => r.path)).toEqual([
      '/oauth/signin',
      '/oauth/authorize',
      '/oauth/token',
      '/api/v2/users/me',
    ]);
  });

  it('does not log control API calls', async () => {
    await control('GET', 'requests');
    expect(emu.requestLog()).toEqual([]);
  });
});
