// genesys-cloud: POST /api/v2/conversations/{id}/cobrowse and its refusals.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CobrowseWebMessagingSessionJson, GenesysEmulator } from '../../../emulator/server';
import {
  acceptedConversation,
  call,
  expectErrorBody,
  offerPath,
  serviceToken,
  start,
  userToken,
} from './helpers';

let emu: GenesysEmulator;
let ada: string;
let grace: string;
beforeAll(async () => {
  emu = await start({ consentTtlSeconds: 120 });
  [ada, grace] = await Promise.all([userToken(emu), userToken(emu, 'agent-grace')]);
});
beforeEach(() => emu.reset());
afterAll(() => emu.close());

async function offer(conversationId: string, token = ada): Promise<CobrowseWebMessagingSessionJson> {
  const res = await call(emu, token, 'POST', offerPath(conversationId));
  expect(res.status).toBe(200);
  return (await res.json()) as CobrowseWebMessagingSessionJson;
}

interface CobrowseComm {
  id: string;
  state: string;
  connectedTime?: string;
  disconnectedTime?: string;
  disconnectType?: string;
}

async function cobrowsesessions(conversationId: string): Promise<CobrowseComm[]> {
  const res = await call(emu, ada, 'GET', `/api/v2/conversations/${conversationId}`);
  const body = (await res.json()) as {
    participants: { purpose: string; cobrowsesessions?: CobrowseComm[] }[];
  };
  return body.participants.find((p) => p.purpose === 'customer')?.cobrowsesessions ?? [];
}

const answer = (offerId: string, action: 'allow' | 'decline' | 'stop') =>
  fetch(`${emu.url}/customer/api/sessions/${offerId}/${action}`, { method: 'POST' });

/** Everything a refused offer must leave untouched. */
async function snapshot(conversationId: string) {
  const conversation = await (await call(emu, ada, 'GET', `/api/v2/conversations/${conversationId}`)).json();
  return JSON.stringify({ offers: emu.sessions(), conversation });
}

describe('POST /api/v2/conversations/{id}/cobrowse', () => {
  it('offers co-browse: a CobrowseWebMessagingSession, and an alerting cobrowsesessions entry', async () => {
    const id = acceptedConversation(emu);
    const before = Date.now();
    const session = await offer(id);
    expect(session).toEqual({
      id: expect.any(String),
      name: expect.any(String),
      joinCode: expect.stringMatching(/^\d{6}$/),
      websocketUrl: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+\//),
      dateOfferEnds: expect.any(String),
      communicationType: 'Message',
      selfUri: expect.stringContaining(id),
    });
    const ends = Date.parse(session.dateOfferEnds);
    expect(ends).toBeGreaterThanOrEqual(before + 120_000 - 5);
    expect(ends).toBeLessThanOrEqual(Date.now() + 120_000 + 5);
    expect(await cobrowsesessions(id)).toEqual([
      // Models.Cobrowsesession: `id` is the communication's own, `cobrowseSessionId` the offer's id.
      expect.objectContaining({ state: 'alerting', cobrowseSessionId: session.id }),
    ]);
    expect((await cobrowsesessions(id))[0]?.id).not.toBe(session.id);
    expect(emu.sessions()).toEqual([
      {
        id: session.id,
        conversationId: id,
        state: 'pending',
        joinCode: session.joinCode,
        createdAt: expect.any(String),
        dateOfferEnds: session.dateOfferEnds,
      },
    ]);
  });

  it('ignores any body', async () => {
    const id = acceptedConversation(emu);
    const res = await call(emu, ada, 'POST', offerPath(id), { externalSessionId: 'x', anything: [1, 2] });
    expect(res.status).toBe(200);
  });

  it('offers on a voice conversation as communicationType Call', async () => {
    const session = await offer(acceptedConversation(emu, 'voice'));
    expect(session.communicationType).toBe('Call');
  });

  it('an agent without the permission: 403 missing.any.permissions naming conversation:cobrowse:add', async () => {
    const { id } = emu.createConversation();
    emu.acceptConversation(id, 'agent-grace');
    const before = await snapshot(id);
    const body = await expectErrorBody(
      await call(emu, grace, 'POST', offerPath(id)),
      403,
      'missing.any.permissions',
    );
    expect(body.message).toContain('conversation:cobrowse:add');
    expect(body.messageParams).toEqual({
      permissions: '[conversation:cobrowse:add, conversation:cobrowseVoice:add]',
    });
    expect(body.messageWithParams).toContain('{permissions}');
    expect(await snapshot(id)).toBe(before);
  });

  it.each(['chat', 'email'] as const)(
    'a %s conversation: 400 (web messaging or voice only)',
    async (mediaType) => {
      const id = acceptedConversation(emu, mediaType);
      const before = await snapshot(id);
      const body = await expectErrorBody(await call(emu, ada, 'POST', offerPath(id)), 400, 'bad.request');
      expect(body.message).toContain('web messaging or voice');
      expect(await snapshot(id)).toBe(before);
    },
  );

  it('an agent who is not a connected participant: 400', async () => {
    const { id } = emu.createConversation();
    const before = await snapshot(id);
    const body = await expectErrorBody(await call(emu, ada, 'POST', offerPath(id)), 400, 'bad.request');
    expect(body.message).toContain('not a connected agent participant');
    expect(await snapshot(id)).toBe(before);
  });

  it('an ended conversation: 400', async () => {
    const id = acceptedConversation(emu);
    emu.endConversation(id);
    const before = await snapshot(id);
    const body = await expectErrorBody(await call(emu, ada, 'POST', offerPath(id)), 400, 'bad.request');
    expect(body.message).toContain('has ended');
    expect(await snapshot(id)).toBe(before);
  });

  it('a client-credentials token: 400, a user context is required', async () => {
    const id = acceptedConversation(emu);
    const before = await snapshot(id);
    const body = await expectErrorBody(
      await call(emu, await serviceToken(emu), 'POST', offerPath(id)),
      400,
      'bad.request',
    );
    expect(body.message).toContain('requires a user context');
    expect(await snapshot(id)).toBe(before);
  });

  it('an unknown conversation: 404; no token: 401', async () => {
    await expectErrorBody(await call(emu, ada, 'POST', offerPath('nope')), 404, 'not.found');
    const id = acceptedConversation(emu);
    await expectErrorBody(await call(emu, null, 'POST', offerPath(id)), 401, 'authentication.required');
    expect(emu.sessions()).toEqual([]);
  });

  it('409 request.conflict (the one documented 409 code) while an offer is alerting or connected; a new offer after a decline', async () => {
    const id = acceptedConversation(emu);
    const first = await offer(id);
    await expectErrorBody(await call(emu, ada, 'POST', offerPath(id)), 409, 'request.conflict');
    await answer(first.id, 'allow');
    await expectErrorBody(await call(emu, ada, 'POST', offerPath(id)), 409, 'request.conflict');
    await answer(first.id, 'stop');
    const second = await offer(id);
    expect(second.id).not.toBe(first.id);
    expect(second.joinCode).not.toBe(first.joinCode);
    expect((await cobrowsesessions(id)).map((c) => c.state)).toEqual(['disconnected', 'alerting']);
  });

  it('429 too.many.requests with Retry-After past the per-token rate', async () => {
    const limited = await start({ rateLimit: { max: 2, windowMs: 60_000 } });
    try {
      const token = await userToken(limited);
      const { id } = limited.createConversation();
      limited.acceptConversation(id, 'agent-ada');
      const post = () => call(limited, token, 'POST', offerPath(id));
      expect((await post()).status).toBe(200);
      expect((await post()).status).toBe(409);
      const res = await post();
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      const body = await expectErrorBody(res, 429, 'too.many.requests');
      expect(body.message).toBe('Rate limit exceeded the maximum [2] requests within [60] seconds');
      expect(limited.sessions()).toHaveLength(1);
    } finally {
      await limited.close();
    }
  });
});
