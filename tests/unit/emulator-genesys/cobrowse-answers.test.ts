// genesys-cloud: how the customer's answer, the offer's expiry and the conversation's end show
// up for the agent: only in the conversation's cobrowsesessions.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CobrowseWebMessagingSessionJson, GenesysEmulator } from '../../../emulator/server';
import { acceptedConversation, call, offerPath, start, userToken } from './helpers';

let emu: GenesysEmulator;
let ada: string;
beforeAll(async () => {
  emu = await start({ consentTtlSeconds: 120 });
  ada = await userToken(emu);
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

describe('the customer answers; the agent sees it only in cobrowsesessions', () => {
  it('accept: connected with connectedTime; stop: disconnected after connected', async () => {
    const id = acceptedConversation(emu);
    const session = await offer(id);
    expect((await answer(session.id, 'allow')).status).toBe(200);
    const [connected] = await cobrowsesessions(id);
    expect(connected).toMatchObject({ state: 'connected', connectedTime: expect.any(String) });
    expect(emu.sessions()[0]?.state).toBe('active');
    await answer(session.id, 'stop');
    const [stopped] = await cobrowsesessions(id);
    expect(stopped).toMatchObject({
      state: 'disconnected',
      disconnectType: 'peer',
      connectedTime: expect.any(String),
    });
    expect(emu.sessions()[0]).toMatchObject({
      state: 'ended',
      endReason: 'customer-ended',
      endedAt: expect.any(String),
    });
  });

  it('decline: disconnected with no connectedTime, disconnectType peer', async () => {
    const id = acceptedConversation(emu);
    const session = await offer(id);
    await answer(session.id, 'decline');
    const [declined] = await cobrowsesessions(id);
    expect(declined).toMatchObject({ state: 'disconnected', disconnectType: 'peer' });
    expect(declined?.connectedTime).toBeUndefined();
    expect(emu.sessions()[0]).toMatchObject({ state: 'declined', endReason: 'customer-declined' });
    expect((await answer(session.id, 'allow')).status).toBe(409);
  });

  it('the conversation ends: a connected co-browse disconnects (endpoint)', async () => {
    const id = acceptedConversation(emu);
    const session = await offer(id);
    await answer(session.id, 'allow');
    emu.endConversation(id);
    expect((await cobrowsesessions(id))[0]).toMatchObject({
      state: 'disconnected',
      disconnectType: 'endpoint',
      connectedTime: expect.any(String),
    });
    expect(emu.sessions()[0]).toMatchObject({ state: 'ended', endReason: 'conversation-ended' });
  });

  it('the conversation ends: an alerting offer disconnects without ever connecting', async () => {
    const id = acceptedConversation(emu);
    await offer(id);
    emu.endConversation(id);
    const [comm] = await cobrowsesessions(id);
    expect(comm).toMatchObject({ state: 'disconnected', disconnectType: 'endpoint' });
    expect(comm?.connectedTime).toBeUndefined();
  });

  it('unknown offers are 404 to the customer page', async () => {
    expect((await answer('nope', 'allow')).status).toBe(404);
  });
});

describe('an offer nobody answers', () => {
  it('passes dateOfferEnds: disconnected with disconnectType timeout, offer expired', async () => {
    const quick = await start({ consentTtlSeconds: 0.3 });
    try {
      const token = await userToken(quick);
      const { id } = quick.createConversation();
      quick.acceptConversation(id, 'agent-ada');
      const session = (await (
        await call(quick, token, 'POST', offerPath(id))
      ).json()) as CobrowseWebMessagingSessionJson;
      await new Promise((resolve) => setTimeout(resolve, 400));
      const conversation = (await (
        await call(quick, token, 'GET', `/api/v2/conversations/${id}`)
      ).json()) as {
        participants: { cobrowsesessions?: CobrowseComm[] }[];
      };
      const comm = conversation.participants[0]?.cobrowsesessions?.[0];
      expect(comm).toMatchObject({
        state: 'disconnected',
        disconnectType: 'timeout',
        disconnectedTime: session.dateOfferEnds,
      });
      expect(comm?.connectedTime).toBeUndefined();
      expect(quick.sessions()[0]).toMatchObject({
        state: 'expired',
        endReason: 'consent-expired',
        endedAt: session.dateOfferEnds,
      });
    } finally {
      await quick.close();
    }
  });
});
