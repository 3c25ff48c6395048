import { describe, expect, it } from 'vitest';
import { diagnoseGenesys } from '../../src/background/platform/genesys-diagnose';
import { genesysNotifications } from '../../src/background/platform/genesys-notifications';
import { sessionFromConversation } from '../../src/background/platform/genesys-state';
import { error, type Routes, stubApi } from './helpers/stub-api';

const ref = { id: 'offer-1', conversationId: 'c-1', expiresAt: new Date(Date.now() + 60_000).toISOString() };
const agent = (state: string) => ({ id: 'a', purpose: 'agent', userId: 'agent-ada', messages: [{ state }] });
type Cobrowse = { state: string; connectedTime?: string; disconnectType?: string };
const customer = (cobrowse?: Cobrowse) => ({
  id: 'c',
  purpose: 'customer',
  messages: [{ state: 'connected' }],
  ...(cobrowse ? { cobrowsesessions: [{ id: 'offer-1', ...cobrowse }] } : {}),
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

  it('an unanswered offer past dateOfferEnds is expired', () => {
    const past = { ...ref, expiresAt: new Date(Date.now() - 1_000).toISOString() };
    expect(sessionFromConversation(conversation({ state: 'alerting' }), past).state).toBe('expired');
  });
});

describe('Genesys notifications', () => {
  const topic = 'v2.users.agent-ada.conversations';
  const interpret = (m: unknown) => genesysNotifications.interpret(m, 'agent-ada');

  it('a conversation where the agent is connected on messaging is an accepted chat', () => {
    expect(interpret({ topicName: topic, eventBody: conversation() })).toEqual({
      accepted: ['c-1'],
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
