import { describe, expect, it } from 'vitest';
import { scopeNamed, toStartError } from '../../src/background/api/errors';
import { diagnoseGenesys } from '../../src/background/platform/genesys-diagnose';
import { genesysNotifications } from '../../src/background/platform/genesys-notifications';
import { hasPermission } from '../../src/background/platform/genesys-schemas';
import { sessionFromConversation } from '../../src/background/platform/genesys-state';
import { httpError } from './helpers/fake-platform';
import { error, type Routes, stubApi } from './helpers/stub-api';

const ref = { id: 'offer-1', conversationId: 'c-1', expiresAt: new Date(Date.now() + 60_000).toISOString() };
const agent = (state: string) => ({ id: 'a', purpose: 'agent', userId: 'agent-ada', messages: [{ state }] });
type Cobrowse = { state: string; connectedTime?: string; disconnectType?: string };
const customer = (cobrowse?: Cobrowse) => ({
  id: 'c',
  purpose: 'customer',
  messages: [{ state: 'connected', type: 'webmessaging' }],
  ...(cobrowse ? { cobrowsesessions: [{ id: 'comm-1', cobrowseSessionId: 'offer-1', ...cobrowse }] } : {}),
});
const conversation = (cobrowse?: Cobrowse, extra: Record<string, unknown> = {}) => ({
  id: 'c-1',
  participants: [customer(cobrowse), agent('connected')],
  ...extra,
});

describe('Genesys offer state, read from the conversation', () => {
  it.each([
    ['no communication yet', undefined, {}, 'pending'],
    ['alerting', { state: 'alerting' }, {}, 'pending'],
    ['connected (customer accepted)', { state: 'connected', connectedTime: 't' }, {}, 'active'],
    ['declined', { state: 'disconnected', disconnectType: 'peer' }, {}, 'declined'],
    [
      'terminated by the customer before connecting',
      { state: 'terminated', disconnectType: 'peer' },
      {},
      'declined',
    ],
    ['offering', { state: 'offering' }, {}, 'pending'],
    ['contacting', { state: 'contacting' }, {}, 'pending'],
    ['dialing', { state: 'dialing' }, {}, 'pending'],
    [
      'connected, then terminated',
      { state: 'terminated', connectedTime: 't', disconnectType: 'peer' },
      {},
      'ended',
    ],
    [
      'disconnected by the system before connecting',
      { state: 'disconnected', disconnectType: 'system' },
      {},
      'ended',
    ],
    [
      'disconnected by a transfer before connecting',
      { state: 'disconnected', disconnectType: 'transfer' },
      {},
      'ended',
    ],
    ['scheduled (documented, meaning undocumented)', { state: 'scheduled' }, {}, 'unknown'],
    ['none', { state: 'none' }, {}, 'unknown'],
    ['OutdatedSdkVersion', { state: 'OutdatedSdkVersion' }, {}, 'unknown'],
    ['a state no definition lists', { state: 'paused' }, {}, 'unknown'],
    ['offer timed out', { state: 'disconnected', disconnectType: 'timeout' }, {}, 'expired'],
    [
      'ended after being connected',
      { state: 'disconnected', connectedTime: 't', disconnectType: 'client' },
      {},
      'ended',
    ],
    ['conversation ended while alerting', { state: 'alerting' }, { endTime: 't' }, 'ended'],
  ])('%s → %s', (_name, cobrowse, extra, expected) => {
    expect(sessionFromConversation(conversation(cobrowse, extra), ref).state).toBe(expected);
  });

  it('names the platform state of an unknown one, and how an offer that did not connect ended', () => {
    expect(sessionFromConversation(conversation({ state: 'none' }), ref)).toMatchObject({
      state: 'unknown',
      endReason: 'none',
    });
    const system = sessionFromConversation(
      conversation({ state: 'disconnected', disconnectType: 'system' }),
      ref,
    );
    expect(system.endReason).toBe('offer-system');
    const declined = sessionFromConversation(
      conversation({ state: 'disconnected', disconnectType: 'peer' }),
      ref,
    );
    expect(declined.endReason).toBe('customer-declined');
  });

  it('reads only our own offer: matched by cobrowseSessionId (or its communication id), never another', () => {
    const theirs = {
      id: 'c-1',
      participants: [
        {
          ...customer(),
          cobrowsesessions: [{ id: 'comm-9', cobrowseSessionId: 'offer-9', state: 'connected' }],
        },
        agent('connected'),
      ],
    };
    // Another agent's connected co-browse says nothing about ours: still pending.
    expect(sessionFromConversation(theirs, ref).state).toBe('pending');
    const byCommunicationId = {
      id: 'c-1',
      participants: [
        { ...customer(), cobrowsesessions: [{ id: 'offer-1', state: 'connected' }] },
        agent('connected'),
      ],
    };
    expect(sessionFromConversation(byCommunicationId, ref).state).toBe('active');
  });

  it('a conversation whose communications are all disconnected is over, without an endTime', () => {
    const over = {
      id: 'c-1',
      participants: [
        { ...customer({ state: 'connected', connectedTime: 't' }), messages: [{ state: 'disconnected' }] },
        { ...agent('disconnected') },
      ],
    };
    expect(sessionFromConversation(over, ref)).toMatchObject({
      state: 'ended',
      endReason: 'conversation-ended',
    });
  });

  it('an unanswered offer past dateOfferEnds is expired', () => {
    const past = { ...ref, expiresAt: new Date(Date.now() - 1_000).toISOString() };
    expect(sessionFromConversation(conversation({ state: 'alerting' }), past).state).toBe('expired');
  });
});

describe('Genesys notifications', () => {
  const topic = 'v2.users.agent-ada.conversations';
  const interpret = (m: unknown) => genesysNotifications.interpret(m, 'agent-ada');

  it('a conversation where the agent is connected on messaging is an accepted chat', () => {
    // With the event's conversation, which the start may offer from without reading it again.
    expect(interpret({ topicName: topic, eventBody: conversation() })).toEqual({
      accepted: [{ conversationId: 'c-1', seen: conversation() }],
      ended: [],
    });
  });
  it('alerting is not yet accepted; an ended conversation is ended', () => {
    const alerting = { id: 'c-1', participants: [customer(), agent('alerting')] };
    expect(interpret({ topicName: topic, eventBody: alerting })).toEqual({ accepted: [], ended: [] });
    expect(interpret({ topicName: topic, eventBody: conversation(undefined, { endTime: 't' }) })).toEqual({
      accepted: [],
      ended: ['c-1'],
    });
  });
  it('an ended conversation as the event model carries it (no endTime): the agent’s communications are disconnected', () => {
    // ConversationEventTopicConversation has no endTime (docs/genesys-cloud.md).
    const ended = {
      id: 'c-1',
      participants: [customer(), { ...agent('disconnected'), endTime: '2026-12-02T10:00:00.000Z' }],
    };
    expect(interpret({ topicName: topic, eventBody: ended })).toEqual({ accepted: [], ended: ['c-1'] });
  });
  it('ignores heartbeats, other users’ topics and garbage; socket_closing asks for a reconnect', () => {
    expect(
      interpret({ topicName: 'channel.metadata', eventBody: { message: 'WebSocket Heartbeat' } }),
    ).toEqual({ accepted: [], ended: [] });
    expect(
      interpret({ topicName: 'v2.users.agent-grace.conversations', eventBody: conversation() }).accepted,
    ).toEqual([]);
    expect(interpret('nonsense').accepted).toEqual([]);
    expect(interpret({ topicName: topic, eventBody: { participants: 'x' } }).accepted).toEqual([]);
    expect(
      interpret({ topicName: 'v2.system.socket_closing', eventBody: { message: 'Socket closing' } })
        .reconnect,
    ).toBe(true);
  });
});

describe('Genesys notification channel', () => {
  const opening = (connectUri: string) => {
    const { api, calls } = stubApi({
      'POST api/v2/notifications/channels': { id: 'ch-1', connectUri },
      'PUT api/v2/notifications/channels/ch-1/subscriptions': {},
    });
    return { channel: genesysNotifications.openChannel(api, 'agent-ada'), calls };
  };

  it('connects only over wss, or plain ws on loopback (the emulator)', async () => {
    for (const uri of ['wss://streaming.mypurecloud.com/channels/ch-1', 'ws://127.0.0.1:8080/channels/ch-1'])
      expect((await opening(uri).channel).connectUri).toBe(uri);
    for (const uri of ['ws://streaming.example.com/channels/ch-1', 'https://streaming.example.com/ch-1']) {
      const { channel, calls } = opening(uri);
      await expect(channel).rejects.toThrow();
      expect(calls).toEqual(['POST api/v2/notifications/channels']); // nothing subscribed to it
    }
  });
});

describe('Genesys diagnosis', () => {
  const me = { id: 'agent-ada', name: 'Ada', authorization: { permissions: ['conversation:cobrowse:add'] } };
  const healthy: Routes = { 'GET api/v2/users/me': me, 'GET api/v2/conversations/c-1': conversation() };
  const context = {
    conversationId: 'c-1',
    externalSessionId: 'x',
    user: { id: 'agent-ada', name: 'Ada' },
    scope: [],
  };
  const diagnose = (routes: Routes) => diagnoseGenesys(stubApi({ ...healthy, ...routes }).api, context);

  it('names the missing permission conversation:cobrowse:add', async () => {
    const cause = await diagnose({ 'GET api/v2/users/me': { ...me, authorization: { permissions: [] } } });
    expect(cause).toEqual({ code: 'missing-permission', detail: 'conversation:cobrowse:add' });
  });
  it('spots a client-credentials token by users/me refusing it', async () => {
    const routes = {
      'GET api/v2/users/me': error(400, {
        message: 'requires a user context',
        code: 'bad.request',
        status: 400,
      }),
    };
    expect((await diagnose(routes)).code).toBe('no-user-in-token');
  });
  it('refuses media other than web messaging or voice', async () => {
    const chat = {
      id: 'c-1',
      participants: [{ purpose: 'customer', chats: [{ state: 'connected' }] }, agent('connected')],
    };
    expect((await diagnose({ 'GET api/v2/conversations/c-1': chat })).code).toBe('unsupported-media');
  });
  it('an agent who is not connected', async () => {
    const alerting = { id: 'c-1', participants: [customer(), agent('alerting')] };
    expect((await diagnose({ 'GET api/v2/conversations/c-1': alerting })).code).toBe('agent-not-connected');
  });
  it('an offer already open', async () => {
    expect(
      (await diagnose({ 'GET api/v2/conversations/c-1': conversation({ state: 'alerting' }) })).code,
    ).toBe('session-already-open');
  });
});

describe('Genesys agents, permissions and the stream as documented', () => {
  const topic = 'v2.users.agent-ada.conversations';
  const interpret = (m: unknown) => genesysNotifications.interpret(m, 'agent-ada');

  it('an agent reached directly (purpose user) is the agent too', () => {
    const direct = { id: 'c-1', participants: [customer(), { ...agent('connected'), purpose: 'user' }] };
    expect(interpret({ topicName: topic, eventBody: direct }).accepted).toEqual([
      { conversationId: 'c-1', seen: direct },
    ]);
    const someoneElse = { id: 'c-1', participants: [customer(), { ...agent('connected'), purpose: 'acd' }] };
    expect(interpret({ topicName: topic, eventBody: someoneElse }).accepted).toEqual([]);
  });

  it('sees the end in an event body without endTime: every communication disconnected', () => {
    const over = {
      id: 'c-1',
      participants: [{ ...customer(), messages: [{ state: 'disconnected' }] }, agent('disconnected')],
    };
    expect(interpret({ topicName: topic, eventBody: over })).toEqual({ accepted: [], ended: ['c-1'] });
  });

  it('counts an accepted SMS as accepted (the start then names it not eligible, visibly)', () => {
    const sms = {
      id: 'c-1',
      participants: [
        { purpose: 'customer', messages: [{ state: 'connected', type: 'sms' }] },
        { ...agent('connected'), messages: [{ state: 'connected', type: 'sms' }] },
      ],
    };
    expect(interpret({ topicName: topic, eventBody: sms }).accepted).toEqual([
      { conversationId: 'c-1', seen: sms },
    ]);
  });

  it('compares permissions case-insensitively, with wildcards', () => {
    expect(hasPermission(['conversation:cobrowsevoice:add'], 'conversation:cobrowseVoice:add')).toBe(true);
    expect(hasPermission(['Conversation:CobrowseVoice:Add'], 'conversation:cobrowseVoice:add')).toBe(true);
    expect(hasPermission(['conversation:*:add'], 'conversation:cobrowse:add')).toBe(true);
    expect(hasPermission(['*:*:*'], 'conversation:cobrowse:add')).toBe(true);
    expect(hasPermission(['conversation:cobrowse:view'], 'conversation:cobrowse:add')).toBe(false);
    expect(hasPermission(['conversation:cobrowse'], 'conversation:cobrowse:add')).toBe(false);
  });
});

describe('Genesys diagnosis of voice, transfers and scopes', () => {
  const context = {
    conversationId: 'c-1',
    externalSessionId: 'x',
    user: { id: 'agent-ada', name: 'Ada' },
    scope: [],
  };
  const voice = {
    id: 'c-1',
    participants: [
      { purpose: 'customer', calls: [{ state: 'connected', direction: 'inbound' }] },
      { id: 'a', purpose: 'agent', userId: 'agent-ada', calls: [{ state: 'connected' }] },
    ],
  };
  const me = (permissions: string[]) => ({ id: 'agent-ada', name: 'Ada', authorization: { permissions } });

  it('a voice call needs conversation:cobrowseVoice:add, granted whatever its case', async () => {
    const missing = stubApi({
      'GET api/v2/users/me': me(['conversation:cobrowse:add']),
      'GET api/v2/conversations/c-1': voice,
    });
    expect(await diagnoseGenesys(missing.api, context)).toEqual({
      code: 'missing-permission',
      detail: 'conversation:cobrowseVoice:add',
    });
    const lower = stubApi({
      'GET api/v2/users/me': me(['conversation:cobrowsevoice:add']),
      'GET api/v2/conversations/c-1': voice,
    });
    expect((await diagnoseGenesys(lower.api, context)).code).toBe('unexplained-400');
  });

  it('after a transfer, the new agent (purpose user) is connected and another agent’s open offer is named', async () => {
    const transferred = {
      id: 'c-1',
      participants: [
        customer({ state: 'alerting' }),
        { id: 'a', purpose: 'agent', userId: 'agent-grace', messages: [{ state: 'disconnected' }] },
        { id: 'b', purpose: 'user', userId: 'agent-ada', messages: [{ state: 'connected' }] },
      ],
    };
    const api = stubApi({
      'GET api/v2/users/me': me(['conversation:cobrowse:add']),
      'GET api/v2/conversations/c-1': transferred,
    }).api;
    expect((await diagnoseGenesys(api, context)).code).toBe('session-already-open');
  });

  it('a 403 app.not.authorized.for.scope is a missing scope, naming it', () => {
    const failure = toStartError(
      httpError(403, {
        message: 'App not authorized to use scope conversations',
        code: 'app.not.authorized.for.scope',
        status: 403,
      }),
    );
    expect(failure.reason).toEqual({ code: 'missing-scope', detail: 'conversations' });
    expect(scopeNamed('The access token lacks the scope cobrowse:write.')).toBe('cobrowse:write');
  });
});
