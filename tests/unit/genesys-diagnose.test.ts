import { describe, expect, it } from 'vitest';
import { diagnoseGenesys } from '../../src/background/platform/genesys-diagnose';
import { error, type Routes, stubApi } from './helpers/stub-api';

// Every path of the Genesys diagnosis (issue 14 item 4), each from the one read that proves it.
// genesys.test.ts holds the media, permission, agent-state and open-offer paths.
const me = { id: 'agent-ada', name: 'Ada', authorization: { permissions: ['conversation:cobrowse:add'] } };
const live = {
  id: 'c-1',
  participants: [
    { id: 'p-c', purpose: 'customer', messages: [{ state: 'connected' }] },
    { id: 'p-a', purpose: 'agent', userId: 'agent-ada', messages: [{ state: 'connected' }] },
  ],
};
const healthy: Routes = { 'GET api/v2/users/me': me, 'GET api/v2/conversations/c-1': live };
const context = {
  conversationId: 'c-1',
  externalSessionId: 'x',
  user: { id: 'agent-ada', name: 'Ada' },
  scope: [],
};
const diagnose = (routes: Routes = {}) => diagnoseGenesys(stubApi({ ...healthy, ...routes }).api, context);

describe('Genesys diagnosis: one cause per path', () => {
  it('a conversation that has ended → conversation-ended', async () => {
    const ended = { ...live, endTime: '2026-12-02T10:00:00.000Z' };
    expect(await diagnose({ 'GET api/v2/conversations/c-1': ended })).toEqual({
      code: 'conversation-ended',
    });
  });

  it('a conversation the platform does not know (404 not.found) → conversation-not-found', async () => {
    const missing = error(404, { code: 'not.found', status: 404, message: 'not found' });
    expect((await diagnose({ 'GET api/v2/conversations/c-1': missing })).code).toBe('conversation-not-found');
  });

  it('a token that belongs to another user than the signed-in agent → initiator-mismatch', async () => {
    const cause = await diagnose({ 'GET api/v2/users/me': { ...me, id: 'agent-grace' } });
    expect(cause.code).toBe('initiator-mismatch');
    expect(cause.detail).toContain('agent-grace');
  });

  it('another agent is the connected agent participant → accepted-by-other, naming both', async () => {
    const grace = {
      id: 'p-g',
      purpose: 'agent',
      userId: 'agent-grace',
      name: 'Grace Hopper',
      messages: [{ state: 'connected' }],
    };
    const theirs = { ...live, participants: [live.participants[0], grace] };
    expect(await diagnose({ 'GET api/v2/conversations/c-1': theirs })).toMatchObject({
      code: 'accepted-by-other',
      people: { acceptedBy: 'Grace Hopper', signedInAs: 'Ada' },
    });
    // Transferred to this agent: the earlier agent is disconnected, this one connected: not the cause.
    const transferred = {
      ...live,
      participants: [...live.participants, { ...grace, messages: [{ state: 'disconnected' }] }],
    };
    expect((await diagnose({ 'GET api/v2/conversations/c-1': transferred })).code).toBe('unexplained-400');
  });

  it('nothing the reads can explain → unexplained-400 (never a guess)', async () => {
    expect(await diagnose()).toEqual({ code: 'unexplained-400' });
  });
});
