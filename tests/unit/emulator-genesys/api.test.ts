// genesys-cloud: users/me, a conversation, authentication failures and the platform's ErrorBody.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GenesysEmulator } from '../../../emulator/server';
import { acceptedConversation, call, expectErrorBody, serviceToken, start, userToken } from './helpers';

let emu: GenesysEmulator;
let ada: string;
let grace: string;
beforeAll(async () => {
  emu = await start();
  [ada, grace] = await Promise.all([userToken(emu), userToken(emu, 'agent-grace')]);
});
beforeEach(() => emu.reset());
afterAll(() => emu.close());

describe('GET /api/v2/users/me', () => {
  it("returns the token's user", async () => {
    const res = await call(emu, ada, 'GET', '/api/v2/users/me');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      id: 'agent-ada',
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      username: 'ada@example.com',
      state: 'active',
      version: 1,
      selfUri: '/api/v2/users/agent-ada',
    });
  });

  it.each([
    ['agent-ada', true],
    ['agent-grace', false],
  ])('with expand=authorization lists %s permissions (cobrowse:add: %s)', async (agent, has) => {
    const token = agent === 'agent-ada' ? ada : grace;
    // The SDK repeats the parameter (collection format "multi"); a comma list works as well.
    for (const query of [
      'expand=authorization',
      'expand=presence&expand=authorization',
      'expand=a,authorization',
    ]) {
      const me = (await (await call(emu, token, 'GET', `/api/v2/users/me?${query}`)).json()) as {
        authorization: { permissions: string[]; roles: { name: string }[] };
      };
      expect(me.authorization.permissions.includes('conversation:cobrowse:add')).toBe(has);
      expect(me.authorization.roles).toHaveLength(1);
    }
  });

  it('refuses a client-credentials token with 400 and the platform wording', async () => {
    const body = await expectErrorBody(
      await call(emu, await serviceToken(emu), 'GET', '/api/v2/users/me'),
      400,
      'bad.request',
    );
    expect(body.message).toBe(
      'This request requires a user context. Client credentials cannot be used for requests to this resource.',
    );
  });
});

describe('authentication', () => {
  it('no Authorization header: 401 authentication.required', async () => {
    const body = await expectErrorBody(
      await call(emu, null, 'GET', '/api/v2/users/me'),
      401,
      'authentication.required',
    );
    expect(body.message).toBe('No authentication bearer token specified in authorization header.');
  });

  it.each([
    ['an unknown token', 'not-a-token'],
    ['a malformed header', 'has spaces in it'],
  ])('%s: 401 bad.credentials', async (_name, token) => {
    const body = await expectErrorBody(
      await call(emu, token, 'GET', '/api/v2/users/me'),
      401,
      'bad.credentials',
    );
    expect(body.message).toBe('Invalid login credentials.');
  });

  it('an expired token: 401 bad.credentials (the platform forgets expired tokens)', async () => {
    const token = await userToken(emu);
    emu.expireAllTokens();
    await expectErrorBody(await call(emu, token, 'GET', '/api/v2/users/me'), 401, 'bad.credentials');
    ada = await userToken(emu);
    grace = await userToken(emu, 'agent-grace');
  });

  it('every error carries its own contextId', async () => {
    const first = await expectErrorBody(
      await call(emu, null, 'GET', '/api/v2/users/me'),
      401,
      'authentication.required',
    );
    const second = await expectErrorBody(
      await call(emu, null, 'GET', '/api/v2/users/me'),
      401,
      'authentication.required',
    );
    expect(first.contextId).not.toBe(second.contextId);
  });
});

describe('GET /api/v2/conversations/{id}', () => {
  it('shows the web-messaging conversation with its participants', async () => {
    const { id } = emu.createConversation({ customerName: 'Pat' });
    expect(await (await call(emu, ada, 'GET', `/api/v2/conversations/${id}`)).json()).toEqual({
      id,
      startTime: expect.any(String),
      recordingState: 'NONE',
      selfUri: `/api/v2/conversations/${id}`,
      participants: [
        {
          id: expect.any(String),
          startTime: expect.any(String),
          connectedTime: expect.any(String),
          name: 'Pat',
          purpose: 'customer',
          messages: [
            {
              id: expect.any(String),
              state: 'connected',
              initialState: 'connected',
              connectedTime: expect.any(String),
              type: 'webmessaging',
              direction: 'inbound',
            },
          ],
        },
      ],
    });
  });

  it('adds the connected agent on accept, and disconnects everyone at the end', async () => {
    const id = acceptedConversation(emu);
    const accepted = (await (await call(emu, ada, 'GET', `/api/v2/conversations/${id}`)).json()) as {
      participants: { purpose: string; userId?: string; messages: { state: string }[] }[];
      endTime?: string;
    };
    expect(accepted.participants[1]).toMatchObject({
      purpose: 'agent',
      userId: 'agent-ada',
      name: 'Ada Lovelace',
      userUri: '/api/v2/users/agent-ada',
      messages: [{ state: 'connected', initialState: 'alerting' }],
    });
    emu.endConversation(id);
    const ended = (await (
      await call(emu, ada, 'GET', `/api/v2/conversations/${id}`)
    ).json()) as typeof accepted;
    expect(ended.endTime).toEqual(expect.any(String));
    for (const p of ended.participants) {
      expect(p.messages[0]).toMatchObject({ state: 'disconnected', disconnectType: 'endpoint' });
    }
  });

  it.each([
    ['chat', 'chats'],
    ['email', 'emails'],
    ['voice', 'calls'],
  ] as const)('a %s conversation lists its communication under %s', async (mediaType, field) => {
    const { id } = emu.createConversation({ mediaType });
    const body = (await (await call(emu, ada, 'GET', `/api/v2/conversations/${id}`)).json()) as {
      participants: Record<string, unknown>[];
    };
    expect(body.participants[0]?.[field]).toEqual([expect.objectContaining({ state: 'connected' })]);
    expect(body.participants[0]?.messages).toBeUndefined();
  });

  it('404 not.found for an unknown conversation; 401 without a token', async () => {
    await expectErrorBody(await call(emu, ada, 'GET', '/api/v2/conversations/nope'), 404, 'not.found');
    await expectErrorBody(
      await call(emu, null, 'GET', '/api/v2/conversations/nope'),
      401,
      'authentication.required',
    );
  });
});

describe('what the API does not have', () => {
  it.each([
    ['GET', '/api/v2/conversations/c1/cobrowse', 405, 'method.not.allowed'],
    ['DELETE', '/api/v2/conversations/c1/cobrowse', 405, 'method.not.allowed'],
    ['POST', '/api/v2/conversations/c1/cobrowse/disconnect', 404, 'not.found'],
    ['POST', '/api/v2/conversations/cobrowse/sessions', 404, 'not.found'],
  ])('%s %s: %i as an ErrorBody', async (method, path, status, code) => {
    await expectErrorBody(await call(emu, ada, method, path), status, code);
  });

  it('an injected fault answers with an ErrorBody too', async () => {
    emu.injectFault('GET /api/v2/users/me', { status: 503, retryAfter: 2 });
    const res = await call(emu, ada, 'GET', '/api/v2/users/me');
    expect(res.headers.get('retry-after')).toBe('2');
    await expectErrorBody(res, 503, 'service.unavailable');
  });
});

describe('GET /api/v2/conversations (the caller’s active conversations)', () => {
  it('lists the conversations the agent takes part in and leaves out ended and others’ ones', async () => {
    const mine = acceptedConversation(emu);
    const ended = acceptedConversation(emu);
    emu.endConversation(ended);
    const graces = emu.createConversation().id;
    emu.acceptConversation(graces, 'agent-grace');
    emu.createConversation();
    const body = (await (await call(emu, ada, 'GET', '/api/v2/conversations')).json()) as {
      entities: { id: string }[];
    };
    expect(body.entities.map((c) => c.id)).toEqual([mine]);
    const forGrace = (await (await call(emu, grace, 'GET', '/api/v2/conversations')).json()) as {
      entities: { id: string }[];
    };
    expect(forGrace.entities.map((c) => c.id)).toEqual([graces]);
  });

  it('needs a user: a client-credentials token is refused like users/me', async () => {
    await expectErrorBody(
      await call(emu, await serviceToken(emu), 'GET', '/api/v2/conversations'),
      400,
      'bad.request',
    );
  });
});
