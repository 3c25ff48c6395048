import { describe, expect, it } from 'vitest';
import {
  groupOf,
  LIVE,
  type RowModel,
  rowActions,
  rowModels,
  rowSignature,
  STATE_LOOK,
  viewOf,
} from '../../../src/popup/view';
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
    chats: {},
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
    expect(viewOf(status({ signedIn: false })).notice).toEqual({ kind: 'signed-out', final: false });
    // Signed out on purpose (or never signed in): co-browse will not start, and the notice says so.
    expect(viewOf(status({ signedIn: false, signedOut: true })).notice).toEqual({
      kind: 'signed-out',
      final: true,
    });
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

  it('gives each accepted chat without a session its own Start row when auto-start is off', () => {
    const off = { ...DEFAULT_SETTINGS, autoStart: false };
    const chats = {
      x: { acceptedAt: 5, live: true, customerName: 'Ada' },
      y: { acceptedAt: 6, live: true },
      gone: { acceptedAt: 7, live: false },
    };
    const rows = viewOf(status({ settings: off, chats })).rows;
    expect(rows.map((r) => [r.id, r.state, r.group, r.customerName])).toEqual([
      ['y', 'accepted', 'attention', undefined],
      ['x', 'accepted', 'attention', 'Ada'],
    ]);
    expect(rows.map((r) => rowActions(r))).toEqual([['start'], ['start']]);
    // With auto-start on, a record follows at once: no Start row in between.
    expect(viewOf(status({ chats })).rows).toEqual([]);
  });
});

function row(r: ConversationRecord, chats: Status['chats'] = {}): RowModel {
  const [model] = rowModels(status({ conversations: [r], chats }));
  if (!model) throw new Error('no row');
  return model;
}

describe('rows', () => {
  it('Start on not-started, Retry on failed, End on pending and active, nothing else', () => {
    const actions = Object.fromEntries(SESSION_STATES.map((s) => [s, rowActions(row(record('a', s)))]));
    expect(actions).toMatchObject({
      'not-started': ['start'],
      failed: ['retry'],
      pending: ['end'],
      active: ['end'],
      ended: [],
      starting: [],
      declined: ['offer-again'],
      expired: ['offer-again'],
    });
  });

  it('Sign out, not Retry, when another agent accepted the chat', () => {
    const theirs = { ...record('a', 'failed'), cause: { code: 'accepted-by-other' as const } };
    expect(rowActions(row(theirs))).toEqual(['sign-out']);
  });

  it('offers again only while the chat is still live', () => {
    expect(rowActions(row({ ...record('a', 'declined'), chatEnded: true }))).toEqual([]);
    expect(rowActions(row(record('a', 'expired'), { a: { acceptedAt: 1, live: false } }))).toEqual([]);
  });

  it('groups failed and needs-action first, then active, waiting, finished', () => {
    expect(Object.fromEntries(SESSION_STATES.map((s) => [s, groupOf(s)]))).toEqual({
      'not-started': 'attention',
      'needs-sign-in': 'attention',
      failed: 'attention',
      active: 'active',
      starting: 'waiting',
      pending: 'waiting',
      unknown: 'waiting',
      declined: 'finished',
      expired: 'finished',
      ended: 'finished',
    });
  });

  it('takes the customer name from the session-only chats, never from the record', () => {
    expect(
      row(record('a', 'active'), { a: { acceptedAt: 1, live: true, customerName: 'Ada' } }).customerName,
    ).toBe('Ada');
  });

  it('gives every state a tone and an icon', () => {
    for (const state of SESSION_STATES) expect(STATE_LOOK[state].icon, state).not.toBe('');
  });

  it('a new attempt or cause changes the signature, a poll that changed nothing does not', () => {
    const a = { ...record('a', 'pending'), stateSince: 1 };
    const sig = rowSignature(row(a));
    expect(rowSignature(row({ ...a, updatedAt: 99 }))).toBe(sig);
    expect(rowSignature(row({ ...a, acceptedAt: 2 }))).not.toBe(sig);
    expect(rowSignature(row({ ...a, state: 'failed', cause: { code: 'network' } }))).not.toBe(sig);
    expect(rowSignature(row(a, { a: { acceptedAt: 1, live: true, customerName: 'B' } }))).not.toBe(sig);
  });

  it('restates shared LIVE_STATES exactly (kept apart to keep zod out of the popup)', () => {
    expect([...LIVE].sort()).toEqual([...LIVE_STATES].sort());
  });
});

describe('End on platforms that cannot end a session', () => {
  it('offers no End when the platform cannot end sessions (Genesys Cloud)', () => {
    expect(rowActions(row(record('a', 'active')), false)).toEqual([]);
    expect(rowActions(row(record('a', 'active')), true)).toEqual(['end']);
    expect(rowActions(row(record('a', 'failed')), false)).toEqual(['retry']);
  });
});
