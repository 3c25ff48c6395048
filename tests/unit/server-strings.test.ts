import { beforeEach, describe, expect, it, vi } from 'vitest';
import { acceptChat, refreshFollowed } from '../../src/background/sessions/lifecycle';
import { dropMirror, getRecord, putRecord } from '../../src/background/sessions/records';
import { invalidateSettings } from '../../src/background/settings';
import { fakePlatform, httpError } from './helpers/fake-platform';
import { signedInWorker } from './helpers/worker-state';

// Issue 11 item 6: strings the server chooses (contextId, code, message, detail, end reasons) are
// cut to what a record may hold before they reach its schema, so an odd answer can never leave a
// record that cannot be written (stuck in starting, re-POSTed at every wake-up).

let fake = fakePlatform();
vi.mock('../../src/background/platform', () => ({ platformFor: () => fake.platform }));

const HUGE = 'x'.repeat(20_000);

beforeEach(async () => {
  fake = fakePlatform();
  invalidateSettings();
  dropMirror();
  await signedInWorker({ startBudgetMs: 1_000 });
});

describe('oversized server strings never wedge a record', () => {
  it('a refusal with a 20 000-character contextId, code and message fails the record with them cut short', async () => {
    fake.platform.start = async (_api, request) => {
      fake.posts.push(request);
      throw httpError(415, { code: HUGE, message: HUGE, contextId: HUGE, errors: [] });
    };
    expect(await acceptChat({ conversationId: 'big-1', source: 'page-event' })).toBe('failed');
    const record = await getRecord('big-1');
    expect(record?.cause?.code).toBe('unsupported-media-type');
    const attempt = record?.attempts.at(-1);
    expect(attempt?.contextId?.length).toBeLessThanOrEqual(200);
    expect(attempt?.contextId?.startsWith('xxx')).toBe(true);
    expect(record?.cause?.detail?.length).toBeLessThanOrEqual(500);
    expect(fake.posts).toHaveLength(1);
  });

  it('a diagnosis whose detail is huge (a server-chosen user id) is cut, not refused', async () => {
    fake = fakePlatform([400]);
    fake.diagnoseAs({ code: 'initiator-mismatch', detail: `token user ${HUGE}` });
    expect(await acceptChat({ conversationId: 'big-2', source: 'page-event' })).toBe('failed');
    const record = await getRecord('big-2');
    expect(record?.cause?.code).toBe('initiator-mismatch');
    expect(record?.cause?.detail?.length).toBeLessThanOrEqual(500);
  });

  it('a followed session ending with a huge end reason (Genesys disconnectType) ends the record', async () => {
    const now = Date.now();
    await putRecord({
      conversationId: 'big-3',
      state: 'active',
      source: 'page-event',
      acceptedAt: now,
      updatedAt: now,
      chatEnded: false,
      sessionId: 's-big',
      attempts: [],
    });
    fake.platform.get = async () => ({
      id: 's-big',
      state: 'ended',
      conversationId: 'big-3',
      endReason: HUGE,
    });
    await refreshFollowed();
    const record = await getRecord('big-3');
    expect(record?.state).toBe('ended');
    expect(record?.endReason?.length).toBeLessThanOrEqual(200);
  });
});

describe('a record we cannot store is our bug, never a network failure', () => {
  it('a created session whose record is invalid is reported as such: no "network" cause, no loop of lookups', async () => {
    const original = fake.platform.start;
    let lookups = 0;
    const find = fake.platform.findAttempt;
    fake.platform.findAttempt = async (api, request) => {
      lookups += 1;
      return find(api, request);
    };
    fake.platform.start = async (api, request) => {
      const session = await original(api, request);
      // An adapter bug: a field of the wrong type that the record's schema refuses.
      return { ...session, expiresAt: 12 as unknown as string };
    };
    await expect(acceptChat({ conversationId: 'bad-1', source: 'page-event' })).rejects.toThrow(
      /record of bad-1.*expiresAt/s,
    );
    expect(fake.posts).toHaveLength(1);
    expect(lookups).toBe(0);
    const record = await getRecord('bad-1');
    expect(record?.cause?.code).not.toBe('network');
    expect(record?.attempts.some((a) => a.cause?.code === 'network')).toBe(false);
  });
});
