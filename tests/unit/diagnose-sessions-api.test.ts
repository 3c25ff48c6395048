import { describe, expect, it } from 'vitest';
import { sessionsApi } from '../../src/background/platform/sessions-api';
import { error, type Routes, stubApi } from './helpers/stub-api';

const ME = { id: 'agent-ada', name: 'Ada Lovelace' };
const CONVERSATION = 'api/v2/conversations/c-1';
const context = {
  conversationId: 'c-1',
  externalSessionId: '0b8a3c52-9f0e-4d7b-8f55-2f9c1c1e7a10',
  user: ME,
  scope: ['cobrowse:write'],
};
const connected = {
  id: 'c-1',
  state: 'active',
  participants: [
    { id: 'p1', purpose: 'customer', name: 'C', state: 'connected', mediaType: 'chat' },
    { id: 'p2', purpose: 'agent', userId: 'agent-ada', name: 'Ada', state: 'connected', mediaType: 'chat' },
  ],
};
const healthy: Routes = {
  'GET api/v2/users/me': ME,
  [`GET ${CONVERSATION}`]: connected,
  'GET api/v2/conversations/cobrowse/sessions': { entities: [] },
};
const diagnose = (routes: Routes, overrides: Partial<typeof context> = {}) =>
  sessionsApi.diagnose(stubApi({ ...healthy, ...routes }).api, { ...context, ...overrides });

describe('sessions-api diagnosis of the generic 400', () => {
  it('no-user-in-token: users/me refuses a token without a user', async () => {
    const routes = {
      'GET api/v2/users/me': error(400, { errors: [{ code: 'user_context_required', message: '' }] }),
    };
    expect((await diagnose(routes)).code).toBe('no-user-in-token');
  });
  it('missing-scope: the token was granted without cobrowse:write', async () => {
    expect((await diagnose({}, { scope: ['users:read'] })).code).toBe('missing-scope');
  });
  it('initiator-mismatch: the initiator is not the token’s user', async () => {
    expect((await diagnose({ 'GET api/v2/users/me': { id: 'agent-grace', name: 'Grace' } })).code).toBe(
      'initiator-mismatch',
    );
  });
  it('invalid-payload: the body we would send does not match the schema', async () => {
    expect((await diagnose({}, { externalSessionId: 'not-a-uuid' })).code).toBe('invalid-payload');
  });
  it('conversation-not-found: the platform does not know the conversation', async () => {
    expect((await diagnose({ [`GET ${CONVERSATION}`]: error(404, { errors: [] }) })).code).toBe(
      'conversation-not-found',
    );
  });
  it('conversation-ended', async () => {
    expect((await diagnose({ [`GET ${CONVERSATION}`]: { ...connected, state: 'ended' } })).code).toBe(
      'conversation-ended',
    );
  });
  it('agent-not-connected: the agent is absent or not connected', async () => {
    const alerting = {
      ...connected,
      participants: [connected.participants[0], { ...connected.participants[1], state: 'alerting' }],
    };
    const absent = { ...connected, participants: [connected.participants[0]] };
    expect((await diagnose({ [`GET ${CONVERSATION}`]: alerting })).code).toBe('agent-not-connected');
    expect((await diagnose({ [`GET ${CONVERSATION}`]: absent })).code).toBe('agent-not-connected');
  });
  it('accepted-by-other: another agent is the connected participant; both named, ids only in the detail', async () => {
    const theirs = {
      ...connected,
      participants: [
        connected.participants[0],
        { ...connected.participants[1], userId: 'agent-grace', name: 'Grace Hopper' },
      ],
    };
    const cause = await diagnose({ [`GET ${CONVERSATION}`]: theirs });
    expect(cause).toMatchObject({
      code: 'accepted-by-other',
      people: { acceptedBy: 'Grace Hopper', signedInAs: 'Ada Lovelace' },
    });
    expect(cause.detail).toContain('agent-grace');
    expect(cause.detail).not.toContain('Grace Hopper');
    // Another agent who has left (disconnected) is not the reason: this agent is simply not connected.
    const left = {
      ...theirs,
      participants: [theirs.participants[0], { ...theirs.participants[1], state: 'disconnected' }],
    };
    expect((await diagnose({ [`GET ${CONVERSATION}`]: left })).code).toBe('agent-not-connected');
  });
  it('session-already-open: a pending or active session exists for the conversation', async () => {
    const open = {
      entities: [{ id: 's', externalSessionId: 'x', conversationId: 'c-1', state: 'active' }],
    };
    expect((await diagnose({ 'GET api/v2/conversations/cobrowse/sessions': open })).code).toBe(
      'session-already-open',
    );
  });
  it('unexplained-400 when every check passes, and when a check itself fails', async () => {
    expect((await diagnose({})).code).toBe('unexplained-400');
    const broken = await diagnose({ [`GET ${CONVERSATION}`]: error(500, {}) });
    expect(broken).toMatchObject({
      code: 'unexplained-400',
      detail: expect.stringContaining('diagnosis could not finish'),
    });
  });
});
