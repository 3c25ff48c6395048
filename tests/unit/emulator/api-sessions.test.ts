import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CobrowseSession, Emulator } from '../../../emulator/server';
import {
  acceptedConversation,
  call,
  expectError,
  GENERIC_400,
  SESSIONS,
  sessionBody,
  snapshot,
  start,
  userToken,
} from './helpers';

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

/** Sends a refused POST and checks the generic 400, and that nothing changed. */
async function expectGeneric400(body: unknown, token = ada, conversationId?: string): Promise<void> {
  const before = snapshot(emu);
  const conversationBefore =
    conversationId && (await (await call(emu, ada, 'GET', `/api/v2/conversations/${conversationId}`)).text());
  const res = await call(emu, token, 'POST', SESSIONS, body);
  expect(res.status).toBe(400);
  expect(await res.json()).toEqual({ ...GENERIC_400, contextId: expect.any(String) });
  expect(snapshot(emu)).toBe(before);
  if (conversationId) {
    expect(await (await call(emu, ada, 'GET', `/api/v2/conversations/${conversationId}`)).text()).toBe(
      conversationBefore,
    );
  }
}

describe('POST /api/v2/conversations/cobrowse/sessions', () => {
  it('creates a pending session the customer must consent to', async () => {
    const conversationId = acceptedConversation(emu);
    const body = sessionBody(conversationId);
    const res = await call(emu, ada, 'POST', SESSIONS, body);
    expect(res.status).toBe(201);
    const session = (await res.json()) as CobrowseSession;
    expect(session).toEqual({
      id: expect.any(String),
      externalSessionId: body.externalSessionId,
      conversationId,
      state: 'pending',
      initiator: { type: 'agent', id: 'agent-ada' },
      target: { type: 'customer', conversationId },
      createdAt: expect.any(String),
      expiresAt: expect.any(String),
      joinUrl: `${emu.url}/customer/${conversationId}`,
    });
    expect(Date.parse(session.expiresAt) - Date.parse(session.createdAt)).toBe(120_000);
    expect(res.headers.get('location')).toBe(`${SESSIONS}/${session.id}`);
    expect(emu.sessions().map((s) => s.id)).toContain(session.id);
  });

  it.each([
    ['not JSON', '{"externalSessionId":'],
    ['an array', []],
    ['null', null],
    ['no externalSessionId', { initiator: { type: 'agent', id: 'agent-ada' }, target: { type: 'customer' } }],
    ['an extra field', { ...sessionBody('c'), priority: 'high' }],
  ])('generic 400 for a body that does not match: %s', async (_name, body) => {
    await expectGeneric400(typeof body === 'string' ? body : JSON.stringify(body));
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['longer than 128', 'x'.repeat(129)],
    ['a number', 42],
  ])('generic 400 for an externalSessionId that is %s', async (_name, externalSessionId) => {
    const conversationId = acceptedConversation(emu);
    await expectGeneric400({ ...sessionBody(conversationId), externalSessionId }, ada, conversationId);
  });

  it('generic 400 for an externalSessionId already used, even in another conversation', async () => {
    const first = await create(sessionBody(acceptedConversation(emu)));
    const other = acceptedConversation(emu);
    await expectGeneric400(sessionBody(other, 'agent-ada', first.externalSessionId), ada, other);
  });

  it('accepts an externalSessionId of exactly 128 characters', async () => {
    await create(sessionBody(acceptedConversation(emu), 'agent-ada', 'x'.repeat(128)));
  });

  it('generic 400 when the initiator is not the token user', async () => {
    const conversationId = acceptedConversation(emu, 'agent-grace');
    await expectGeneric400(sessionBody(conversationId, 'agent-grace'), ada, conversationId);
  });

  it('generic 400 for an initiator type other than agent, or a target other than customer', async () => {
    const conversationId = acceptedConversation(emu);
    const body = sessionBody(conversationId);
    await expectGeneric400({ ...body, initiator: { type: 'system', id: 'agent-ada' } }, ada, conversationId);
    await expectGeneric400({ ...body, target: { type: 'agent', conversationId } }, ada, conversationId);
  });

  it('generic 400 for an unknown conversation', async () => {
    await expectGeneric400(sessionBody('no-such-conversation'));
  });

  it('generic 400 for an ended conversation', async () => {
    const conversationId = acceptedConversation(emu);
    emu.endConversation(conversationId);
    await expectGeneric400(sessionBody(conversationId), ada, conversationId);
  });

  it('generic 400 when the agent is not a connected participant', async () => {
    const waiting = emu.createConversation().id;
    await expectGeneric400(sessionBody(waiting), ada, waiting);
    const gracesChat = acceptedConversation(emu, 'agent-grace');
    await expectGeneric400(sessionBody(gracesChat), ada, gracesChat);
  });

  it('generic 400 while a session is pending or active for the conversation', async () => {
    const conversationId = acceptedConversation(emu);
    const pending = await create(sessionBody(conversationId));
    await expectGeneric400(sessionBody(conversationId), ada, conversationId);
    await fetch(`${emu.url}/customer/api/sessions/${pending.id}/allow`, { method: 'POST' });
    expect(emu.sessions().find((s) => s.id === pending.id)?.state).toBe('active');
    await expectGeneric400(sessionBody(conversationId), ada, conversationId);
  });

  it('allows a new session once the previous one is over', async () => {
    const conversationId = acceptedConversation(emu);
    const first = await create(sessionBody(conversationId));
    expect((await call(emu, ada, 'DELETE', `${SESSIONS}/${first.id}`)).status).toBe(204);
    await create(sessionBody(conversationId));
  });

  it('415 for a body that is not JSON by Content-Type', async () => {
    const before = snapshot(emu);
    const res = await fetch(`${emu.url}${SESSIONS}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ada}`, 'content-type': 'text/plain' },
      body: JSON.stringify(sessionBody(acceptedConversation(emu))),
    });
    await expectError(res, 415, 'unsupported_media_type');
    expect(snapshot(emu)).toBe(before);
  });

  it('accepts application/json with a charset parameter', async () => {
    const res = await fetch(`${emu.url}${SESSIONS}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ada}`, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(sessionBody(acceptedConversation(emu))),
    });
    expect(res.status).toBe(201);
  });

  it('accepts a body of exactly 8 KB and refuses one byte more with 413', async () => {
    const padded = (bytes: number) => {
      const json = JSON.stringify(sessionBody(acceptedConversation(emu)));
      return json.slice(0, -1) + ' '.repeat(bytes - json.length) + json.slice(-1);
    };
    const exact = padded(8192);
    expect(Buffer.byteLength(exact)).toBe(8192);
    expect((await call(emu, ada, 'POST', SESSIONS, exact)).status).toBe(201);
    const before = snapshot(emu);
    await expectError(await call(emu, ada, 'POST', SESSIONS, padded(8193)), 413, 'payload_too_large');
    await expectError(await call(emu, ada, 'POST', SESSIONS, padded(2_000_000)), 413, 'payload_too_large');
    expect(snapshot(emu)).toBe(before);
  });
});
