import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  EVENT_TYPES,
  type EventType,
  type LifecycleEvent,
  type MachineState,
  TABLE,
  transition,
} from '../../src/background/sessions/machine';
import { lifecycleMarkdown } from '../../src/background/sessions/machine-doc';
import type { ConversationRecord } from '../../src/shared/records';

/**
 * The allowed (state, event) pairs written out independently of the machine: "." means the event
 * leaves the state as it is, "-" that it is refused. Columns follow EVENT_TYPES.
 */
const COLUMNS = EVENT_TYPES;
const S = 'starting';
const EXPECTED: Record<MachineState, string> = {
  //             acc    acc-so        start attempt nothing unansw backoff r-pend  r-act  r-decl   r-exp   r-end  r-unk  failed gave-up sign-in signed-out chat-ended chat-unres stale gone
  new: [
    S,
    'not-started',
    S,
    '-',
    '-',
    '-',
    '-',
    '-',
    '-',
    '-',
    '-',
    '-',
    '-',
    '-',
    '-',
    '-',
    '-',
    '-',
    '-',
    '-',
    '-',
  ].join(),
  'not-started': [
    '-',
    '-',
    S,
    '-',
    '-',
    '-',
    '-',
    '-',
    '-',
    '-',
    '-',
    '-',
    '-',
    '-',
    '-',
    '-',
    '-',
    'ended',
    '.',
    '-',
    '-',
  ].join(),
  'needs-sign-in': [
    '-',
    '-',
    '-',
    S,
    '.',
    '.',
    '.',
    'pending',
    'active',
    'declined',
    'expired',
    'ended',
    'unknown',
    'failed',
    'failed',
    '.',
    'not-started',
    'ended',
    '.',
    'ended',
    '-',
  ].join(),
  starting: [
    '-',
    '-',
    '-',
    '.',
    '.',
    '.',
    '.',
    'pending',
    'active',
    'declined',
    'expired',
    'ended',
    'unknown',
    'failed',
    'failed',
    'needs-sign-in',
    'not-started',
    'ended',
    '.',
    'ended',
    '-',
  ].join(),
  pending: [
    '-',
    '-',
    '-',
    '-',
    '-',
    '-',
    '-',
    '.',
    'active',
    'declined',
    'expired',
    'ended',
    'unknown',
    '-',
    '-',
    '-',
    '-',
    '.',
    '-',
    '-',
    'ended',
  ].join(),
  active: [
    '-',
    '-',
    '-',
    '-',
    '-',
    '-',
    '-',
    '-',
    '.',
    '-',
    'expired',
    'ended',
    'unknown',
    '-',
    '-',
    '-',
    '-',
    '.',
    '-',
    '-',
    'ended',
  ].join(),
  declined: [
    '-',
    '-',
    S,
    '-',
    '-',
    '-',
    '-',
    '-',
    '-',
    '.',
    '-',
    '-',
    '-',
    '-',
    '-',
    '-',
    '-',
    '.',
    '-',
    '-',
    '-',
  ].join(),
  expired: [
    '-',
    '-',
    S,
    '-',
    '-',
    '-',
    '-',
    '-',
    '-',
    '-',
    '.',
    '-',
    '-',
    '-',
    '-',
    '-',
    '-',
    '.',
    '-',
    '-',
    '-',
  ].join(),
  ended: [
    '-',
    '-',
    S,
    '-',
    '-',
    '-',
    '-',
    '-',
    '-',
    '-',
    '-',
    '.',
    '-',
    '-',
    '-',
    '-',
    '-',
    '.',
    '-',
    '-',
    '-',
  ].join(),
  failed: [
    '-',
    '-',
    S,
    '-',
    '-',
    '-',
    '-',
    '-',
    '-',
    '-',
    '-',
    '-',
    '-',
    '-',
    '-',
    '-',
    '-',
    '.',
    '-',
    '-',
    '-',
  ].join(),
  unknown: [
    '-',
    '-',
    '-',
    '-',
    '-',
    '-',
    '-',
    'pending',
    'active',
    'declined',
    'expired',
    'ended',
    '.',
    '-',
    '-',
    '-',
    '-',
    '.',
    '-',
    '-',
    'ended',
  ].join(),
};

const NOW = 1_000_000;
const SESSION = { id: 's-1', conversationId: 'c-1', joinUrl: 'https://join/1' };

function sample(type: EventType): LifecycleEvent {
  if (type.startsWith('remote-')) {
    const state = type.slice('remote-'.length) as 'pending';
    return { type: type as 'remote-pending', session: { ...SESSION, state }, httpStatus: 201 };
  }
  if (type === 'attempt') return { type, externalSessionId: 'x-2' };
  if (type === 'nothing-created' || type === 'unanswered') return { type, outcome: { httpStatus: 401 } };
  if (type === 'backoff')
    return { type, retryAt: NOW + 2_000, cause: { code: 'server-error', detail: 'HTTP 503' } };
  if (type === 'failed' || type === 'gave-up') return { type, cause: { code: 'timeout' } };
  return { type } as LifecycleEvent;
}

function recordIn(
  state: MachineState,
  extra: Partial<ConversationRecord> = {},
): ConversationRecord | undefined {
  if (state === 'new') return undefined;
  return {
    conversationId: 'c-1',
    source: 'page-event',
    state,
    acceptedAt: NOW - 5_000,
    updatedAt: NOW - 1_000,
    stateSince: NOW - 1_000,
    chatEnded: false,
    attempts: [],
    ...extra,
  };
}

const FIELDS = { conversationId: 'c-1', source: 'page-event' as const };

describe('the lifecycle table', () => {
  it('has the expected row for every state and every event (exhaustive)', () => {
    const states = Object.keys(EXPECTED) as MachineState[];
    expect(new Set(Object.keys(TABLE))).toEqual(new Set(states));
    for (const state of states) {
      const actual = COLUMNS.map((type) => {
        const result = transition(recordIn(state), sample(type), NOW, FIELDS);
        if (!result.ok) return '-';
        return result.record.state === state ? '.' : result.record.state;
      });
      expect(actual.join(), state).toBe(EXPECTED[state]);
    }
  });

  it('refuses with a reason that names the event and the state', () => {
    const result = transition(recordIn('active'), sample('remote-pending'), NOW);
    expect(result).toEqual({ ok: false, reason: 'remote-pending is not allowed in active' });
  });

  it('stamps stateSince only when the state changes, and retryAt only while backing off', () => {
    const starting = recordIn('starting');
    const same = transition(starting, sample('backoff'), NOW);
    expect(same.ok && same.record).toMatchObject({ stateSince: NOW - 1_000, retryAt: NOW + 2_000 });
    const moved = transition(same.ok ? same.record : undefined, sample('remote-pending'), NOW);
    expect(moved.ok && moved.record).toMatchObject({ stateSince: NOW, state: 'pending' });
    expect(moved.ok && moved.record.retryAt).toBeUndefined();
  });
});

describe('what the events keep and drop', () => {
  const unresolved = {
    pendingExternalSessionId: 'x-1',
    attempts: [{ externalSessionId: 'x-1', startedAt: NOW - 4_000, timings: {} }],
  };

  it('giving up keeps the unanswered attempt; a named failure drops it', () => {
    const gaveUp = transition(recordIn('starting', unresolved), sample('gave-up'), NOW);
    expect(gaveUp.ok && gaveUp.record).toMatchObject({ state: 'failed', pendingExternalSessionId: 'x-1' });
    const failed = transition(recordIn('starting', unresolved), sample('failed'), NOW);
    expect(failed.ok && failed.record.pendingExternalSessionId).toBeUndefined();
  });

  it('a Retry of a given-up start keeps the attempt so it is looked up before a new POST', () => {
    const retried = transition(recordIn('failed', unresolved), sample('start'), NOW);
    expect(retried.ok && retried.record).toMatchObject({
      state: 'starting',
      pendingExternalSessionId: 'x-1',
    });
  });

  it('refuses to end a start whose attempt is unresolved (end never overtakes resume)', () => {
    for (const state of ['starting', 'needs-sign-in'] as const) {
      expect(transition(recordIn(state, unresolved), sample('chat-ended'), NOW).ok).toBe(false);
      const noted = transition(recordIn(state, unresolved), sample('chat-ended-unresolved'), NOW);
      expect(noted.ok && noted.record).toMatchObject({
        state,
        chatEnded: true,
        pendingExternalSessionId: 'x-1',
      });
    }
  });

  it('names why a start ended without a session', () => {
    const before = transition(recordIn('starting'), sample('chat-ended'), NOW);
    expect(before.ok && before.record.endReason).toBe('chat-ended-before-start');
    const stale = transition(recordIn('needs-sign-in'), sample('stale'), NOW);
    expect(stale.ok && stale.record.endReason).toBe('expired-before-start');
    const gone = transition(recordIn('active'), sample('gone'), NOW);
    expect(gone.ok && gone.record).toMatchObject({ state: 'ended', endReason: 'no-longer-on-platform' });
  });

  it('an attempt is appended before it is sent, and closed by the answer that adopts it', () => {
    const sent = transition(recordIn('starting'), sample('attempt'), NOW);
    const record = sent.ok ? sent.record : undefined;
    expect(record?.pendingExternalSessionId).toBe('x-2');
    const adopted = transition(record, sample('remote-pending'), NOW + 300);
    expect(adopted.ok && adopted.record).toMatchObject({
      sessionId: 's-1',
      pendingExternalSessionId: undefined,
    });
    expect(adopted.ok && adopted.record.attempts[0]).toMatchObject({
      httpStatus: 201,
      finishedAt: NOW + 300,
    });
  });

  it('a chat accepted while signed out is recorded as not started, with the cause', () => {
    const result = transition(undefined, sample('accept-signed-out'), NOW, FIELDS);
    expect(result.ok && result.record).toMatchObject({ state: 'not-started', cause: { code: 'signed-out' } });
  });
});

describe('docs/lifecycle.md', () => {
  it('is generated from the current table (run `npm run docs:lifecycle` after changing it)', () => {
    const committed = readFileSync(resolve(import.meta.dirname, '../../docs/lifecycle.md'), 'utf8');
    expect(committed).toBe(lifecycleMarkdown());
  });
});
