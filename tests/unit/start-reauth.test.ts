import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { StoredAuth } from '../../src/background/auth/token-store';
import { acceptChat } from '../../src/background/sessions/lifecycle';
import { dropMirror, getRecord } from '../../src/background/sessions/records';
import { invalidateSettings } from '../../src/background/settings';
import { fakePlatform } from './helpers/fake-platform';
import { API, signedInWorker } from './helpers/worker-state';

let fake = fakePlatform();
vi.mock('../../src/background/platform', () => ({ platformFor: () => fake.platform }));

// ensureAuth is replaced by a counter that hands out a new token each time it is forced, so the test
// sees exactly how often the worker asked for a fresh token and which one each POST used.
const refreshes: boolean[] = [];
vi.mock('../../src/background/auth/sign-in', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  ensureAuth: async (options: { forceRefresh?: boolean } = {}): Promise<StoredAuth> => {
    refreshes.push(Boolean(options.forceRefresh));
    return {
      accessToken: `token-${refreshes.filter(Boolean).length}`,
      expiresAt: Date.now() + 3_600_000,
      scope: ['cobrowse:write'],
      user: { id: 'agent-ada', name: 'Ada Lovelace' },
      environment: API,
    };
  },
}));

beforeEach(async () => {
  refreshes.length = 0;
  invalidateSettings();
  dropMirror();
  await signedInWorker();
});

describe('a token that dies in flight (401 on the create)', () => {
  it('is refreshed once, and a fresh attempt starts the session', async () => {
    fake = fakePlatform([401]);
    expect(await acceptChat({ conversationId: 'c-401', source: 'page-event' })).toBe('pending');
    expect(refreshes).toEqual([false, true]);
    expect(fake.posts).toHaveLength(2);
    expect(fake.posts[0]?.externalSessionId).not.toBe(fake.posts[1]?.externalSessionId);
    const record = await getRecord('c-401');
    expect(record?.attempts.map((a) => a.httpStatus)).toEqual([401, 201]);
    expect(record?.cause).toBeUndefined();
  });

  it('is refreshed only once: a second 401 fails the start with the cause, no loop', async () => {
    fake = fakePlatform([401, 401]);
    expect(await acceptChat({ conversationId: 'c-401b', source: 'page-event' })).toBe('failed');
    expect(refreshes.filter(Boolean)).toHaveLength(1);
    expect(fake.posts).toHaveLength(2);
  });
});
