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
import type { ConversationRecord, SessionState } from '../../src/shared/records';

/**
 * The allowed (state, event) pairs written out independently of the machine: one row per state, one
 * column per event in EVENT_TYPES order (headed by abbreviations). A cell is the target state, "."
 * when the event leaves the state as it is, "-" when it is refused. States: S starting,
 * N not-started, L needs-sign-in, P pending, A active, D declined, X expired, E ended, U unknown,
 * F failed.
 */
const GRID = `
#             acc  acso strt atmp noth unan back rpen ract rdec rexp rend runk fail gave sign sout cend cunr stal gone
new           S    N    S    -    -    -    -    -    -    -    -    -    -    -    -    -    -    -    -    -    -
not-started   -    -    S    -    -    -    -    -    -    -    -    -    -    -    -    -    -    E    .    -    -
needs-sign-in -    -    -    S    .    .    .    P    A    D    X    E    U    F    F    .    N    E    .    E    -
starting      -    -    -    .    .    .    .    P    A    D    X    E    U    F    F    L    N    E    .    E    -
pending       -    -    -    -    -    -    -    .    A    D    X    E    U    -    -    -    -    .    -    -    E
active        -    -    -    -    -    -    -    -    .    -    X    E    U    -    -    -    -    .    -    -    E
declined      -    -    S    -    -    -    -    -    -    .    -    -    -    -    -    -    -    .    -    -    -
expired       -    -    S    -    -    -    -    -    -    -    .    -    -    -    -    -    -    .    -    -    -
ended         -    -    S    -    -    -    -    -    -    -    -    .    -    -    -    -    -    .    -    -    -
failed        -    -    S    -    -    -    -    -    -    -    -    -    -    -    -    -    -    .    -    -    -
unknown       -    -    -    -    -    -    -    P    A    D    X    E    .    -    -    -    -    .    -    -    E
`;
const LETTER: Record<SessionState, string> = {
  starting: 'S',
  'not-started': 'N',
  'needs-sign-in': 'L',
  pending: 'P',
  active: 'A',
  declined: 'D',
  expired: 'X',
  ended: 'E',
  unknown: 'U',
  failed: 'F',
};
const EXPECTED = Object.fromEntries(
  GRID.trim()
    .split('\n')
    .filter((line) => !line.startsWith('#'))
    .map((line) => {
      const [state = '', ...cells] = line.split(/ +/);
      return [state, cells];
    }),
) as Record<MachineState, string[]>;

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
      expect(EXPECTED[state], `${state}: one cell per event`).toHaveLength(EVENT_TYPES.length);
      const actual = EVENT_TYPES.map((type) => {
        const result = transition(recordIn(state), sample(type), NOW, FIELDS);
        if (!result.ok) return '-';
        return result.record.state === state ? '.' : LETTER[result.record.state];
      });
      expect(actual.join(' '), state).toBe(EXPECTED[state].join(' '));
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
