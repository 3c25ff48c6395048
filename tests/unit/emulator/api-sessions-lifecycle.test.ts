import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CobrowseSession, Emulator } from '../../../emulator/server';
import { acceptedConversation, call, expectError, SESSIONS, sessionBody, start, userToken } from './helpers';

let emu: Emulator;
let ada: string;
beforeAll(async () => {
  // The default 30 per second per token would trip on this suite's pace.
  emu = await start({ consentTtlSeconds: 120, rateLimit: { max: 10_000, windowMs: 1000 } });
  ada = await userToken(emu);
});
afterAll(() => emu.close());
afterEach(() => vi.useRealTimers());

async function create(body: unknown, token = ada): Promise<CobrowseSession> {
  const res = await call(emu, token, 'POST', SESSIONS, body);
  expect(res.status).toBe(201);
  return (await res.json()) as CobrowseSession;
}

describe('rate limit', () => {
  it('429 with Retry-After past the per-token rate; other tokens are unaffected', async () => {
    const limited = await start({ rateLimit: { max: 2, windowMs: 60_000 } });
    try {
      const token = await userToken(limited);
      const post = (t: string) => call(limited, t, 'POST', SESSIONS, sessionBody('none'));
      expect((await post(token)).status).toBe(400);
      expect((await post(token)).status).toBe(400);
      const res = await post(token);
      expect(res.headers.get('retry-after')).toMatch(/^(59|60)$/);
      await expectError(res, 429, 'too_many_requests');
      expect((await post(await userToken(limited))).status).toBe(400);
    } finally {
      await limited.close();
    }
  });
});

describe('reading and ending sessions', () => {
  it('finds a session by externalSessionId and by conversationId', async () => {
    const conversationId = acceptedConversation(emu);
    const session = await create(sessionBody(conversationId));
    const byExternal = await call(
      emu,
      ada,
      'GET',
      `${SESSIONS}?externalSessionId=${session.externalSessionId}`,
    );
    expect(await byExternal.json()).toEqual({ entities: [session] });
    const byConversation = await call(emu, ada, 'GET', `${SESSIONS}?conversationId=${conversationId}`);
    expect(await byConversation.json()).toEqual({ entities: [session] });
    const none = await call(emu, ada, 'GET', `${SESSIONS}?externalSessionId=${randomUUID()}`);
    expect(await none.json()).toEqual({ entities: [] });
  });

  it('400 for a list request without a filter', async () => {
    await expectError(await call(emu, ada, 'GET', SESSIONS), 400, 'invalid_request');
  });

  it('GET by id, 404 when unknown', async () => {
    const session = await create(sessionBody(acceptedConversation(emu)));
    expect(await (await call(emu, ada, 'GET', `${SESSIONS}/${session.id}`)).json()).toEqual(session);
    await expectError(await call(emu, ada, 'GET', `${SESSIONS}/unknown`), 404, 'not_found');
  });

  it('DELETE ends the session as agent-ended, and again is a no-op 204', async () => {
    const session = await create(sessionBody(acceptedConversation(emu)));
    expect((await call(emu, ada, 'DELETE', `${SESSIONS}/${session.id}`)).status).toBe(204);
    const ended = (await (
      await call(emu, ada, 'GET', `${SESSIONS}/${session.id}`)
    ).json()) as CobrowseSession;
    expect(ended).toMatchObject({ state: 'ended', endReason: 'agent-ended', endedAt: expect.any(String) });
    expect((await call(emu, ada, 'DELETE', `${SESSIONS}/${session.id}`)).status).toBe(204);
    expect(await (await call(emu, ada, 'GET', `${SESSIONS}/${session.id}`)).json()).toEqual(ended);
    await expectError(await call(emu, ada, 'DELETE', `${SESSIONS}/unknown`), 404, 'not_found');
  });

  it('DELETE needs cobrowse:write', async () => {
    const session = await create(sessionBody(acceptedConversation(emu)));
    const readOnly = await userToken(emu, { scope: 'users:read' });
    await expectError(await call(emu, readOnly, 'DELETE', `${SESSIONS}/${session.id}`), 403, 'missing_scope');
    expect(emu.sessions().find((s) => s.id === session.id)?.state).toBe('pending');
  });

  it('ending the conversation ends its session as conversation-ended', async () => {
    const conversationId = acceptedConversation(emu);
    const session = await create(sessionBody(conversationId));
    emu.endConversation(conversationId);
    const after = (await (
      await call(emu, ada, 'GET', `${SESSIONS}/${session.id}`)
    ).json()) as CobrowseSession;
    expect(after).toMatchObject({ state: 'ended', endReason: 'conversation-ended' });
    const conversation = await (
      await call(emu, ada, 'GET', `/api/v2/conversations/${conversationId}`)
    ).json();
    expect(conversation).toMatchObject({ state: 'ended' });
    expect((conversation as { participants: { state: string }[] }).participants.map((p) => p.state)).toEqual([
      'disconnected',
      'disconnected',
    ]);
  });

  it('a pending session past expiresAt reads as expired, and frees the conversation', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const conversationId = acceptedConversation(emu);
    const session = await create(sessionBody(conversationId));
    vi.setSystemTime(Date.parse(session.expiresAt) - 1);
    expect(
      (await (await call(emu, ada, 'GET', `${SESSIONS}/${session.id}`)).json()) as CobrowseSession,
    ).toMatchObject({ state: 'pending' });
    vi.setSystemTime(Date.parse(session.expiresAt));
    const expired = (await (
      await call(emu, ada, 'GET', `${SESSIONS}/${session.id}`)
    ).json()) as CobrowseSession;
    expect(expired).toMatchObject({
      state: 'expired',
      endReason: 'consent-expired',
      endedAt: session.expiresAt,
    });
    expect(emu.sessions().find((s) => s.id === session.id)?.state).toBe('expired');
    await create(sessionBody(conversationId));
  });

  it('an active session does not expire', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const session = await create(sessionBody(acceptedConversation(emu)));
    await fetch(`${emu.url}/customer/api/sessions/${session.id}/allow`, { method: 'POST' });
    vi.setSystemTime(Date.parse(session.expiresAt) + 60_000);
    expect(emu.sessions().find((s) => s.id === session.id)?.state).toBe('active');
  });
});
