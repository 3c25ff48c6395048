import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClient } from '../../src/background/api/client';
import { genesysCloud } from '../../src/background/platform/genesys-cloud';
import { sessionsApi } from '../../src/background/platform/sessions-api';
import type { Platform } from '../../src/background/platform/types';

// The create POST's fate is unknown after a network error or a timeout: the HTTP client must not
// send it again on its own (that is a second session on Genesys, which has no idempotency key). The
// lifecycle looks the attempt up first (start.test.ts). Real ky client, real adapters; only fetch is
// replaced, by one that counts what really left.
const request = {
  conversationId: 'c-1',
  externalSessionId: '6f1c0d4e-8a7b-4c2d-9e3f-0a1b2c3d4e5f',
  user: { id: 'agent-ada', name: 'Ada' },
};

afterEach(() => vi.unstubAllGlobals());

describe.each([
  ['sessions-api', sessionsApi],
  ['genesys-cloud', genesysCloud],
] as [string, Platform][])('%s: the create POST leaves once', (_name, platform) => {
  it('a network error is thrown to the caller, not retried by the client', async () => {
    const fetch = vi.fn(async (input: Request) => {
      if (methodOf(input) === 'GET') return eligible();
      throw new TypeError('Failed to fetch');
    });
    vi.stubGlobal('fetch', fetch);
    const api = createClient({ baseUrl: 'http://127.0.0.1:9', token: 't', timeoutMs: 1_000 });
    await expect(platform.start(api, request)).rejects.toThrow();
    expect(fetch.mock.calls.filter(([input]) => methodOf(input) === 'POST')).toHaveLength(1);
  });

  it.each([502, 503, 504, 429])(
    'a %i is thrown to the caller (the runner backs off and looks up), not retried by the client',
    async (status) => {
      const fetch = vi.fn(async (input: Request) =>
        methodOf(input) === 'GET'
          ? eligible()
          : new Response('{}', { status, headers: { 'retry-after': '0' } }),
      );
      vi.stubGlobal('fetch', fetch);
      const api = createClient({ baseUrl: 'http://127.0.0.1:9', token: 't', timeoutMs: 1_000 });
      await expect(platform.start(api, request)).rejects.toThrow();
      expect(fetch.mock.calls.filter(([input]) => methodOf(input) === 'POST')).toHaveLength(1);
    },
  );

  it('a timeout is thrown to the caller, not retried by the client', async () => {
    const fetch = vi.fn((input: Request) =>
      methodOf(input) === 'GET'
        ? Promise.resolve(eligible())
        : new Promise<Response>((_resolve, reject) =>
            input.signal.addEventListener('abort', () => reject(input.signal.reason)),
          ),
    );
    vi.stubGlobal('fetch', fetch);
    const api = createClient({ baseUrl: 'http://127.0.0.1:9', token: 't', timeoutMs: 50 });
    await expect(platform.start(api, request)).rejects.toThrow();
    expect(fetch.mock.calls.filter(([input]) => methodOf(input) === 'POST')).toHaveLength(1);
  });
});

/** Genesys reads the conversation before offering (only web messaging is offered): let that through. */
function eligible(): Response {
  return Response.json({
    id: 'c-1',
    participants: [
      { purpose: 'customer', messages: [{ state: 'connected', type: 'webmessaging' }] },
      { purpose: 'agent', userId: 'agent-ada', messages: [{ state: 'connected', type: 'webmessaging' }] },
    ],
  });
}

function methodOf(input: unknown): string {
  return input instanceof Request ? input.method : 'GET';
}
