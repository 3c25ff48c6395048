import { fakeBrowser } from '@webext-core/fake-browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { alertFor } from '../../src/background/alerts/alert';
import { notifyRecordChanges } from '../../src/background/alerts/notify';
import { invalidateSettings } from '../../src/background/settings';
import type { ConversationRecord } from '../../src/shared/records';
import { signedInWorker } from './helpers/worker-state';
import { loadLocale } from './ui/chrome-i18n';

const en = loadLocale('en');
const t = (key: string, subs: string[] = []) =>
  (en[key]?.message ?? `MISSING ${key}`).replace(/\$([1-9])/g, (_, d: string) => subs[Number(d) - 1] ?? '');

function rec(
  state: ConversationRecord['state'],
  extra: Partial<ConversationRecord> = {},
): ConversationRecord {
  return {
    conversationId: 'conv-1234567890',
    state,
    source: 'page-event',
    acceptedAt: 1,
    updatedAt: 2,
    chatEnded: false,
    attempts: [],
    ...extra,
  };
}

describe('alertFor', () => {
  it('a start that has just failed: the customer by name and the cause in words', () => {
    const alert = alertFor(
      rec('starting'),
      rec('failed', { cause: { code: 'forbidden' } }),
      'Zoë Customer',
      t,
    );
    expect(alert).toEqual({
      id: 'cobrowse:conv-1234567890',
      title: 'Co-browse for Zoë Customer did not start',
      message: en.cause_forbidden?.message,
    });
  });

  it('a decline names the customer; without a name the short id stands in', () => {
    expect(alertFor(rec('pending'), rec('declined'), 'Ingrid', t)?.title).toBe('Ingrid declined co-browse');
    expect(alertFor(rec('pending'), rec('declined'), undefined, t)?.title).toBe(
      'conv-123… declined co-browse',
    );
    expect(alertFor(rec('pending'), rec('declined'), '  ', t)?.title).toBe('conv-123… declined co-browse');
  });

  it('a cause naming people carries both names into the sentence', () => {
    const cause = {
      code: 'accepted-by-other' as const,
      people: { acceptedBy: 'Bob Builder', signedInAs: 'Ada Lovelace' },
    };
    const alert = alertFor(rec('starting'), rec('failed', { cause }), 'Zoë', t);
    expect(alert?.message).toContain('Bob Builder');
    expect(alert?.message).toContain('Ada Lovelace');
  });

  it('stays quiet for every other change: same state again, good news, a removed record', () => {
    expect(alertFor(rec('failed'), rec('failed'), 'Zoë', t)).toBeUndefined();
    expect(alertFor(rec('declined'), rec('declined'), 'Zoë', t)).toBeUndefined();
    for (const state of ['starting', 'pending', 'active', 'ended', 'expired', 'needs-sign-in'] as const)
      expect(alertFor(rec('starting'), rec(state), 'Zoë', t), state).toBeUndefined();
    expect(alertFor(rec('failed'), undefined, 'Zoë', t)).toBeUndefined();
  });

  it('a failure without a stored cause still says something the agent can act on', () => {
    expect(alertFor(undefined, rec('failed'), 'Zoë', t)?.message).toBe(en.notify_failedUnknown?.message);
  });
});

describe('notifyRecordChanges', () => {
  const create = vi.fn(async (id: string) => id);

  beforeEach(async () => {
    invalidateSettings();
    create.mockClear();
    (fakeBrowser as unknown as { notifications: unknown }).notifications = { create };
    fakeBrowser.i18n.getMessage = ((key: string, subs?: string | string[]) =>
      t(key, subs === undefined ? [] : [subs].flat())) as typeof fakeBrowser.i18n.getMessage;
    await fakeBrowser.storage.session.set({
      'chat:conv-1234567890': { customerName: 'Zoë Customer', acceptedAt: 1, live: true },
    });
  });

  const change = { 'conv:conv-1234567890': { oldValue: rec('pending'), newValue: rec('declined') } };

  it('creates one notification, named after the customer from storage.session', async () => {
    await signedInWorker();
    await notifyRecordChanges(change);
    expect(create).toHaveBeenCalledTimes(1);
    expect(create.mock.calls[0]).toEqual([
      'cobrowse:conv-1234567890',
      expect.objectContaining({ type: 'basic', title: 'Zoë Customer declined co-browse' }),
    ]);
  });

  it('creates none when the setting notifyFailures is off', async () => {
    await signedInWorker({ notifyFailures: false });
    await notifyRecordChanges(change);
    expect(create).not.toHaveBeenCalled();
  });

  it('ignores keys that are not conversation records', async () => {
    await signedInWorker();
    await notifyRecordChanges({ other: { oldValue: rec('pending'), newValue: rec('declined') } });
    expect(create).not.toHaveBeenCalled();
  });
});
