import { describe, expect, it } from 'vitest';
import { LIVE, rowActions, rowSignature, STATE_LOOK, viewOf } from '../../../src/popup/view';
import type { Status } from '../../../src/shared/messages';
import {
  type ConversationRecord,
  LIVE_STATES,
  SESSION_STATES,
  type SessionState,
} from '../../../src/shared/records';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings';

function record(conversationId: string, state: SessionState): ConversationRecord {
  return {
    conversationId,
    state,
    source: 'page-event',
    acceptedAt: 1,
    updatedAt: 1,
    chatEnded: false,
    attempts: [],
  };
}

function status(overrides: Partial<Status> = {}): Status {
  return {
    signedIn: true,
    settings: { ...DEFAULT_SETTINGS, authBaseUrl: 'https://a', apiBaseUrl: 'https://b', clientId: 'c' },
    settingsProblems: [],
    missing: [],
    managedKeys: [],
    canEnd: true,
    conversations: [],
    ...overrides,
  };
}

describe('viewOf', () => {
  it('misconfigured wins: lists what is missing and what is invalid', () => {
    const view = viewOf(
      status({ signedIn: false, missing: ['clientId'], settingsProblems: ['apiBaseUrl: bad'] }),
    );
    expect(view.notice).toEqual({
      kind: 'misconfigured',
      missing: ['clientId'],
      problems: ['apiBaseUrl: bad'],
    });
  });

  it('then signed out, then empty, then nothing', () => {
    expect(viewOf(status({ signedIn: false })).notice).toEqual({ kind: 'signed-out' });
    expect(viewOf(status()).notice).toEqual({ kind: 'empty' });
    expect(viewOf(status({ conversations: [record('a', 'active')] })).notice).toBeUndefined();
  });

  it('locks the switch only when the admin set autoStart', () => {
    expect(viewOf(status({ managedKeys: ['clientId'] }))).toMatchObject({
      managed: true,
      autoStart: { locked: false },
    });
    expect(viewOf(status({ managedKeys: ['autoStart'] })).autoStart.locked).toBe(true);
  });

  it('offers a manual start for the current tab when auto-start is off or its start failed', () => {
    const off = { ...DEFAULT_SETTINGS, autoStart: false };
    expect(viewOf(status({ currentTabConversationId: 'x', settings: off })).startCurrent).toBe('x');
    expect(viewOf(status({ currentTabConversationId: 'x' })).startCurrent).toBeUndefined();
    const failed = [record('x', 'failed')];
    expect(viewOf(status({ currentTabConversationId: 'x', conversations: failed })).startCurrent).toBe('x');
    const live = [record('x', 'active')];
    expect(
      viewOf(status({ currentTabConversationId: 'x', settings: off, conversations: live })).startCurrent,
    ).toBeUndefined();
  });
});

describe('rows', () => {
  it('Retry on failed, End on pending and active, nothing else', () => {
    const actions = Object.fromEntries(SESSION_STATES.map((s) => [s, rowActions(record('a', s))]));
    expect(actions).toMatchObject({
      failed: ['retry'],
      pending: ['end'],
      active: ['end'],
      ended: [],
      starting: [],
    });
  });

  it('gives every state a tone and an icon', () => {
    for (const state of SESSION_STATES) expect(STATE_LOOK[state].icon, state).not.toBe('');
  });

  it('a new attempt or cause changes the signature, a poll that changed nothing does not', () => {
    const a = record('a', 'pending');
    expect(rowSignature({ ...a, updatedAt: 99 })).toBe(rowSignature(a));
    expect(rowSignature({ ...a, acceptedAt: 2 })).not.toBe(rowSignature(a));
    expect(rowSignature({ ...a, state: 'failed', cause: { code: 'network' } })).not.toBe(rowSignature(a));
  });

  it('restates shared LIVE_STATES exactly (kept apart to keep zod out of the popup)', () => {
    expect([...LIVE].sort()).toEqual([...LIVE_STATES].sort());
  });
});

describe('End on platforms that cannot end a session', () => {
  it('offers no End when the platform cannot end sessions (Genesys Cloud)', () => {
    expect(rowActions(record('a', 'active'), false)).toEqual([]);
    expect(rowActions(record('a', 'active'), true)).toEqual(['end']);
    expect(rowActions(record('a', 'failed'), false)).toEqual(['retry']);
  });
});
