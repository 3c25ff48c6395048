import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Emulator } from '../../../emulator/server';
import {
  acceptedConversation,
  call,
  codeGrant,
  expectError,
  postSession,
  SESSIONS,
  serviceToken,
  snapshot,
  start,
  userToken,
} from './helpers';

let emu: Emulator;
let token: string;
beforeAll(async () => {
  emu = await start();
});
// Fresh each time, because some tests expire every token.
beforeEach(async () => {
  token = await userToken(emu);
});
afterAll(() => emu.close());
afterEach(() => {
  vi.useRealTimers();
  emu.setTokenTtlSeconds(3600);
});

describe('bearer tokens', () => {
  it.each([
    ['GET', '/api/v2/users/me'],
    ['GET', '/api/v2/conversations/any'],
    ['POST', SESSIONS],
    ['GET', `${SESSIONS}?conversationId=x`],
    ['GET', `${SESSIONS}/x`],
    ['DELETE', `${SESSIONS}/x`],
  ])('%s %s needs a token: 401 with a Bearer challenge', async (method, path) => {
    const res = await call(emu, null, method, path);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    await expectError(res, 401, 'unauthorized');
  });

  it('refuses an invalid token and a non-Bearer header', async () => {
    await expectError(await call(emu, 'made-up', 'GET', '/api/v2/users/me'), 401, 'invalid_token');
    const basic = await fetch(`${emu.url}/api/v2/users/me`, { headers: { authorization: 'Basic abc' } });
    await expectError(basic, 401, 'unauthorized');
  });

  it('refuses a token past its lifetime', async () => {
    emu.setTokenTtlSeconds(5);
    const shortLived = await userToken(emu);
    expect((await call(emu, shortLived, 'GET', '/api/v2/users/me')).status).toBe(200);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 5_001);
    const { message } = await expectError(
      await call(emu, shortLived, 'GET', '/api/v2/users/me'),
      401,
      'invalid_token',
    );
    expect(message).toMatch(/expired/);
  });

  it('setTokenTtlSeconds changes expires_in for tokens issued from then on', async () => {
    emu.setTokenTtlSeconds(2);
    expect(await (await codeGrant(emu)).json()).toMatchObject({ expires_in: 2 });
    expect(() => emu.setTokenTtlSeconds(0)).toThrow(/setTokenTtlSeconds/);
  });

  it('expireAllTokens ends every token issued so far, but new ones work', async () => {
    const before = await userToken(emu);
    emu.expireAllTokens();
    await expectError(await call(emu, before, 'GET', '/api/v2/users/me'), 401, 'invalid_token');
    expect((await call(emu, await userToken(emu), 'GET', '/api/v2/users/me')).status).toBe(200);
  });

  it('gives every error its own contextId', async () => {
    const ids = await Promise.all(
      [1, 2, 3].map(
        async () =>
          ((await (await call(emu, null, 'GET', '/api/v2/users/me')).json()) as { contextId: string })
            .contextId,
      ),
    );
    expect(new Set(ids).size).toBe(3);
  });
});

describe('GET /api/v2/users/me', () => {
  it('returns the signed-in agent', async () => {
    const grace = await userToken(emu, { agent: 'agent-grace' });
    const res = await call(emu, grace, 'GET', '/api/v2/users/me');
    expect(await res.json()).toEqual({ id: 'agent-grace', name: 'Grace Hopper', email: 'grace@example.com' });
  });

  it('refuses a client-credentials token: a user context is required', async () => {
    const res = await call(emu, await serviceToken(emu), 'GET', '/api/v2/users/me');
    const { message } = await expectError(res, 400, 'user_context_required');
    expect(message).toMatch(/user context is required/i);
  });
});

describe('GET /api/v2/conversations/{id}', () => {
  it('returns the conversation with its participants', async () => {
    const id = acceptedConversation(emu);
    const res = await call(emu, token, 'GET', `/api/v2/conversations/${id}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { id: string; state: string; participants: unknown[] };
    expect(body).toMatchObject({ id, state: 'active' });
    expect(body.participants).toEqual([
      {
        id: expect.any(String),
        purpose: 'customer',
        name: expect.any(String),
        state: 'connected',
        mediaType: 'chat',
      },
      {
        id: expect.any(String),
        purpose: 'agent',
        userId: 'agent-ada',
        name: 'Ada Lovelace',
        state: 'connected',
        mediaType: 'chat',
      },
    ]);
  });

  it('404s for an unknown conversation', async () => {
    await expectError(await call(emu, token, 'GET', '/api/v2/conversations/nope'), 404, 'not_found');
  });
});

describe('POST sessions with the wrong kind of token', () => {
  it('refuses a client-credentials token with the generic 400 and creates nothing', async () => {
    const id = acceptedConversation(emu);
    const before = snapshot(emu);
    const { message } = await expectError(
      await postSession(emu, await serviceToken(emu), id),
      400,
      'invalid_request',
    );
    expect(message).toBe('Unable to start cobrowse session for conversation.');
    expect(snapshot(emu)).toBe(before);
  });

  it('403 missing_scope without cobrowse:write, for a user token and a service token', async () => {
    const id = acceptedConversation(emu);
    const before = snapshot(emu);
    const readOnly = await userToken(emu, { scope: 'users:read conversations:read' });
    await expectError(await postSession(emu, readOnly, id), 403, 'missing_scope');
    const service = await serviceToken(emu, 'users:read');
    await expectError(await postSession(emu, service, id), 403, 'missing_scope');
    expect(snapshot(emu)).toBe(before);
  });
});
