// Issue 12 item 10: the genesys-cloud emulator against Genesys Cloud's published definitions.
// Every emulator started through ./helpers is checked on close (answers and stream frames); this
// file proves the check bites, and drives every route, state and refusal once so the check sees them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenesysEmulator, ObservedAnswer } from '../../../emulator/server';
import {
  acceptedConversation,
  call,
  connect,
  offerPath,
  serviceToken,
  start,
  subscribedChannel,
  userToken,
} from './helpers';
import { answerProblems, conformanceObserver, problems, streamProblems } from './openapi/check';
import vendored from './openapi/definitions.json';
import { DOCUMENTED_ERROR_CODES } from './openapi/error-codes';

const answer = (over: Partial<ObservedAnswer>): ObservedAnswer => ({
  method: 'GET',
  path: '/api/v2/conversations/c1',
  status: 200,
  contentType: 'application/json',
  body: '{}',
  injectedBody: false,
  ...over,
});

describe('the vendored definitions', () => {
  it('name their source and SDK version, and hold every model the emulator answers with', () => {
    expect(vendored.info.source).toContain('MyPureCloud/platform-client-sdk-python');
    expect(vendored.info.sdkVersion).toMatch(/^\d+\.\d+\.\d+$/);
    for (const root of vendored.info.roots) expect(Object.keys(vendored.definitions)).toContain(root);
  });

  it('carry the enums the issue names: Message.type, Cobrowsesession.state, communicationType', () => {
    const d = vendored.definitions as Record<string, { properties: Record<string, { enum?: string[] }> }>;
    expect(d.Message?.properties.type?.enum).toEqual(
      expect.arrayContaining(['webmessaging', 'sms', 'whatsapp']),
    );
    expect(d.Cobrowsesession?.properties.state?.enum).toEqual(
      expect.arrayContaining([
        'alerting',
        'connected',
        'disconnected',
        'offering',
        'contacting',
        'dialing',
        'terminated',
        'none',
      ]),
    );
    expect(d.CobrowseWebMessagingSession?.properties.communicationType?.enum).toEqual([
      'Call',
      'Message',
      'Unknown',
    ]);
  });
});

describe('the check bites', () => {
  it('refuses a property the definition does not name, a wrong enum value and a wrong type', () => {
    expect(problems('CobrowseWebMessagingSession', { id: 'x', startTime: 'now' })).toEqual([
      expect.stringContaining('additional properties'),
    ]);
    expect(problems('CobrowseWebMessagingSession', { id: 'x', communicationType: 'Chat' })).toEqual([
      expect.stringContaining('allowed values'),
    ]);
    expect(problems('CobrowseWebMessagingSession', { id: 1 })).toEqual([expect.stringContaining('string')]);
    expect(problems('CobrowseWebMessagingSession', { dateOfferEnds: 'tomorrow' })).toEqual([
      expect.stringContaining('date-time'),
    ]);
  });

  it('checks nested models: a participant startTime in an event body is refused', () => {
    const event = { id: 'c', participants: [{ id: 'p', startTime: '2026-01-01T00:00:00Z' }] };
    expect(problems('ConversationEventTopicConversation', event)).toEqual([
      expect.stringContaining('/participants/0 must NOT have additional properties'),
    ]);
  });

  it('maps routes to definitions, and refuses an operation Genesys does not have', () => {
    expect(answerProblems(answer({ body: '{"id":"c1","startTime":"2026-01-01T00:00:00.000Z"}' }))).toEqual(
      [],
    );
    expect(answerProblems(answer({ body: '{"id":"c1","state":"open"}' }))).toEqual([
      expect.stringContaining('Conversation/state must be equal to one of the allowed values'),
    ]);
    expect(answerProblems(answer({ method: 'DELETE', path: '/api/v2/conversations/c1/cobrowse/x' }))).toEqual(
      [expect.stringContaining('no such operation')],
    );
  });

  it('errors: an ErrorBody with a documented code for its status', () => {
    const error = (status: number, code: string) =>
      answer({
        status,
        body: JSON.stringify({ message: 'm', code, status, contextId: 'x', details: [], errors: [] }),
      });
    expect(answerProblems(error(409, 'request.conflict'))).toEqual([]);
    expect(answerProblems(error(409, 'conflict'))).toEqual([
      expect.stringContaining('not a documented 409 code'),
    ]);
    expect(answerProblems(error(403, 'app.not.authorized.for.scope'))).toEqual([]);
    expect(answerProblems(error(404, 'bad.request'))).toEqual([
      expect.stringContaining('not a documented 404 code'),
    ]);
    // The sessions-api's error shape is no ErrorBody: no status, no code of Genesys's.
    expect(answerProblems(answer({ status: 400, body: '{"errors":[{"code":"invalid_request"}]}' }))).toEqual([
      expect.stringContaining('ErrorBody.status undefined'),
      expect.stringContaining('code undefined is not a documented 400 code'),
    ]);
  });

  it('leaves a body a test injected, OAuth and the pages alone', () => {
    expect(answerProblems(answer({ injectedBody: true, body: 'not json' }))).toEqual([]);
    expect(answerProblems(answer({ path: '/oauth/token', body: '{"access_token":"x"}' }))).toEqual([]);
    expect(answerProblems(answer({ path: '/desktop', contentType: 'text/html', body: '<p>' }))).toEqual([]);
  });

  it('frames: the envelope, heartbeats and pongs, and each topic body', () => {
    expect(
      streamProblems('{"topicName":"channel.metadata","eventBody":{"message":"WebSocket Heartbeat"}}'),
    ).toEqual([]);
    expect(streamProblems('{"topicName":"channel.metadata","eventBody":{"message":"hello"}}')).toHaveLength(
      1,
    );
    expect(
      streamProblems('{"topicName":"v2.system.socket_closing","eventBody":{"message":"Socket closing"}}'),
    ).toEqual([]);
    expect(streamProblems('{"topicName":"v2.users.u.presence","eventBody":{}}')).toEqual([
      expect.stringContaining('undocumented topic'),
    ]);
    expect(
      streamProblems(
        '{"topicName":"v2.users.u.conversations","version":"2","eventBody":{"id":"c","selfUri":"/x"}}',
      ),
    ).toEqual([expect.stringContaining('additional properties')]);
  });

  it('an emulator answering something undocumented fails its suite on close', async () => {
    const observer = conformanceObserver();
    observer.answer?.(answer({ body: '{"id":"c1","mood":"happy"}' }));
    expect(observer.violations).toEqual([expect.stringContaining('mood')]);
  });
});

describe('every route, state and refusal of the emulator, checked', () => {
  let emu: GenesysEmulator;
  let ada: string;
  let grace: string;
  const seen: { status: number; code: string }[] = [];
  const note = async (res: Response) => {
    if (res.status >= 400 && res.headers.get('content-type')?.startsWith('application/json'))
      seen.push({ status: res.status, code: ((await res.clone().json()) as { code: string }).code });
    return res;
  };

  beforeAll(async () => {
    emu = await start({
      consentTtlSeconds: 60,
      heartbeatSeconds: 0.05,
      rateLimit: { max: 10_000, windowMs: 1000 },
    });
    ada = await userToken(emu);
    grace = await userToken(emu, 'agent-grace');
  });
  // helpers.start's close() fails this suite if anything below was answered undocumented.
  afterAll(() => emu.close());

  it('users, conversations of every medium, offers in every state, over REST and the stream', async () => {
    const channel = await subscribedChannel(emu, ada);
    const socket = await connect(channel.connectUri);
    socket.ws.send(JSON.stringify({ message: 'ping' }));
    for (const path of ['/api/v2/users/me', '/api/v2/users/me?expand=authorization', '/api/v2/conversations'])
      expect((await call(emu, ada, 'GET', path)).status).toBe(200);
    for (const medium of ['webmessaging', 'voice', 'chat', 'email'] as const) {
      const id = acceptedConversation(emu, medium);
      expect((await call(emu, ada, 'GET', `/api/v2/conversations/${id}`)).status).toBe(200);
    }
    // Offer → accepted → stopped; offer → declined; offer → conversation ends while alerting.
    const answers: [string, string[]][] = [
      ['webmessaging', ['allow', 'stop']],
      ['voice', ['decline']],
      ['webmessaging', []],
    ];
    for (const [medium, steps] of answers) {
      const id = acceptedConversation(emu, medium as 'webmessaging' | 'voice');
      const offer = (await (await call(emu, ada, 'POST', offerPath(id))).json()) as { id: string };
      for (const step of steps)
        await fetch(`${emu.url}/customer/api/sessions/${offer.id}/${step}`, { method: 'POST' });
      expect((await call(emu, ada, 'GET', `/api/v2/conversations/${id}`)).status).toBe(200);
      emu.endConversation(id);
      expect((await call(emu, ada, 'GET', `/api/v2/conversations/${id}`)).status).toBe(200);
    }
    const channels = `/api/v2/notifications/channels`;
    expect((await call(emu, ada, 'GET', channels)).status).toBe(200);
    expect((await call(emu, ada, 'HEAD', `${channels}/${channel.id}`)).status).toBe(200);
    expect((await call(emu, ada, 'GET', `${channels}/${channel.id}/subscriptions`)).status).toBe(200);
    const mixed = [{ id: 'v2.users.agent-ada.conversations' }, { id: 'v2.users.agent-grace.conversations' }];
    expect(
      (await call(emu, ada, 'POST', `${channels}/${channel.id}/subscriptions?ignoreErrors=true`, mixed))
        .status,
    ).toBe(200);
    await expect.poll(() => socket.on('channel.metadata').length).toBeGreaterThan(2);
    expect(socket.on('v2.users.agent-ada.conversations').length).toBeGreaterThan(5);
    emu.closeSocketsGracefully();
    await socket.closed;
  });

  it('every refusal answers with a documented code', async () => {
    const id = acceptedConversation(emu);
    const other = emu.createConversation({ mediaType: 'chat' }).id;
    emu.acceptConversation(other, 'agent-ada');
    const channel = await subscribedChannel(emu, ada);
    const subs = `/api/v2/notifications/channels/${channel.id}/subscriptions`;
    await note(await call(emu, null, 'GET', '/api/v2/users/me'));
    await note(await call(emu, 'nonsense', 'GET', '/api/v2/users/me'));
    await note(await call(emu, await serviceToken(emu), 'GET', '/api/v2/users/me'));
    await note(await call(emu, grace, 'POST', offerPath(id)));
    await note(await call(emu, ada, 'POST', offerPath('nope')));
    await note(await call(emu, ada, 'POST', offerPath(other)));
    await call(emu, ada, 'POST', offerPath(id));
    await note(await call(emu, ada, 'POST', offerPath(id)));
    await note(await call(emu, ada, 'GET', '/api/v2/nothing/here'));
    await note(await call(emu, ada, 'DELETE', '/api/v2/users/me'));
    await note(await call(emu, ada, 'PUT', subs, [{ id: 'v2.users.agent-grace.conversations' }]));
    await note(await call(emu, ada, 'PUT', subs, [{ id: 'v2.analytics.queues.q.observations' }]));
    await note(await call(emu, ada, 'PUT', subs, '{"not":"a list"}'));
    await note(
      await fetch(`${emu.url}${subs}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${ada}` },
        body: 'x',
      }),
    );
    await note(await call(emu, ada, 'GET', `/api/v2/notifications/channels/unknown/subscriptions`));
    emu.injectFault('POST /api/v2/notifications/channels', { missingScope: 'notifications' });
    await note(await call(emu, ada, 'POST', '/api/v2/notifications/channels'));
    emu.injectFault('GET /api/v2/conversations/:id', { status: 503 });
    await note(await call(emu, ada, 'GET', `/api/v2/conversations/${id}`));
    const limited = await start({ rateLimit: { max: 1, windowMs: 60_000 } });
    try {
      const token = await userToken(limited);
      await call(limited, token, 'POST', offerPath('x'));
      await note(await call(limited, token, 'POST', offerPath('x')));
    } finally {
      await limited.close();
    }

    const codes = new Set(seen.map((s) => `${s.status} ${s.code}`));
    for (const expected of [
      '401 authentication.required',
      '401 bad.credentials',
      '400 bad.request',
      '403 missing.any.permissions',
      '403 not.authorized',
      '403 app.not.authorized.for.scope',
      '404 not.found',
      '405 method.not.allowed',
      '409 request.conflict',
      '415 unsupported.media.type',
      '429 too.many.requests',
      '503 service.unavailable',
    ])
      expect(codes).toContain(expected);
    for (const { status, code } of seen)
      expect(
        DOCUMENTED_ERROR_CODES[status]?.map((d) => d.code),
        `${status} ${code}`,
      ).toContain(code);
  });
});
