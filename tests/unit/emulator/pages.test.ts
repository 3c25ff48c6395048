import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CobrowseSession, Emulator } from '../../../emulator/server';
import { acceptedConversation, call, SESSIONS, sessionBody, start, userToken } from './helpers';

let emu: Emulator;
let ada: string;
beforeAll(async () => {
  emu = await start();
  ada = await userToken(emu);
});
beforeEach(() => emu.reset());
afterAll(() => emu.close());

const postJson = (path: string, body?: unknown) =>
  fetch(`${emu.url}${path}`, {
    method: 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

async function startSession(): Promise<CobrowseSession> {
  const res = await call(emu, ada, 'POST', SESSIONS, sessionBody(acceptedConversation(emu)));
  return (await res.json()) as CobrowseSession;
}

describe('desktop page and backend', () => {
  it('serves the desktop for an agent with the announce option on the body', async () => {
    const res = await fetch(`${emu.url}/desktop?agent=agent-grace&announce=event`);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('data-agent-id="agent-grace" data-announce="event"');
    expect(page).toContain('src="/assets/desktop.js"');
    expect(page).toContain('Simulate inbound chat');
    expect(await (await fetch(`${emu.url}/desktop`)).text()).toContain(
      'data-agent-id="agent-ada" data-announce="both"',
    );
  });

  it.each([
    ['an unknown agent', 'agent=agent-zed'],
    ['a bad announce option', 'announce=smoke'],
  ])('refuses %s with an error page', async (_name, query) => {
    expect((await fetch(`${emu.url}/desktop?${query}`)).status).toBe(400);
  });

  it('lists chats, simulates an inbound chat, accepts and ends it', async () => {
    const created = await postJson('/desktop/api/conversations', {});
    expect(created.status).toBe(201);
    const chat = (await created.json()) as { id: string };
    const list = await (await fetch(`${emu.url}/desktop/api/conversations`)).json();
    expect(list).toEqual({
      conversations: [{ id: chat.id, state: 'active', customerName: expect.any(String), agent: null }],
    });

    const accepted = await postJson(`/desktop/api/conversations/${chat.id}/accept`, { agentId: 'agent-ada' });
    expect(await accepted.json()).toMatchObject({ agent: { id: 'agent-ada', name: 'Ada Lovelace' } });
    const conversation = await (await call(emu, ada, 'GET', `/api/v2/conversations/${chat.id}`)).json();
    expect(conversation).toMatchObject({
      participants: [{ purpose: 'customer' }, { userId: 'agent-ada', state: 'connected' }],
    });

    const again = await postJson(`/desktop/api/conversations/${chat.id}/accept`, { agentId: 'agent-ada' });
    expect(again.status).toBe(200);
    const stolen = await postJson(`/desktop/api/conversations/${chat.id}/accept`, { agentId: 'agent-grace' });
    expect(stolen.status).toBe(409);

    const ended = await postJson(`/desktop/api/conversations/${chat.id}/end`);
    expect(await ended.json()).toMatchObject({ state: 'ended' });
    expect(
      (await postJson(`/desktop/api/conversations/${chat.id}/accept`, { agentId: 'agent-ada' })).status,
    ).toBe(409);
  });

  it('refuses bad accept bodies without changing the chat', async () => {
    const { id } = emu.createConversation();
    expect((await postJson(`/desktop/api/conversations/${id}/accept`, {})).status).toBe(400);
    expect((await postJson(`/desktop/api/conversations/${id}/accept`, { agentId: 'agent-zed' })).status).toBe(
      404,
    );
    const text = await fetch(`${emu.url}/desktop/api/conversations/${id}/accept`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'agent-ada',
    });
    expect(text.status).toBe(415);
    expect((await postJson('/desktop/api/conversations/nope/accept', { agentId: 'agent-ada' })).status).toBe(
      404,
    );
    const conversation = (await (await call(emu, ada, 'GET', `/api/v2/conversations/${id}`)).json()) as {
      participants: unknown[];
    };
    expect(conversation.participants).toHaveLength(1);
  });
});

describe('customer page and backend', () => {
  it('serves the page for a known conversation and 404 otherwise', async () => {
    const { id } = emu.createConversation({ customerName: '<b>Pat</b>' });
    const page = await (await fetch(`${emu.url}/customer/${id}`)).text();
    expect(page).toContain('data-testid="cobrowse-prompt"');
    expect(page).toContain('data-testid="session-state"');
    expect(page).toContain('&lt;b&gt;Pat&lt;/b&gt;');
    expect((await fetch(`${emu.url}/customer/nope`)).status).toBe(404);
  });

  it('shows the latest session with the agent name, and no session before one exists', async () => {
    const { id } = emu.createConversation();
    expect(await (await fetch(`${emu.url}/customer/api/conversations/${id}`)).json()).toEqual({
      conversation: { id, state: 'active' },
      session: null,
      agentName: null,
    });
    const session = await startSession();
    const view = await (
      await fetch(`${emu.url}/customer/api/conversations/${session.conversationId}`)
    ).json();
    expect(view).toEqual({ conversation: expect.any(Object), session, agentName: 'Ada Lovelace' });
  });

  it('Allow makes the session active; Stop sharing ends it', async () => {
    const session = await startSession();
    expect(await (await postJson(`/customer/api/sessions/${session.id}/allow`)).json()).toMatchObject({
      state: 'active',
    });
    expect((await postJson(`/customer/api/sessions/${session.id}/allow`)).status).toBe(409);
    expect(await (await postJson(`/customer/api/sessions/${session.id}/stop`)).json()).toMatchObject({
      state: 'ended',
      endReason: 'customer-ended',
    });
  });

  it('Decline makes the session declined', async () => {
    const session = await startSession();
    expect(await (await postJson(`/customer/api/sessions/${session.id}/decline`)).json()).toMatchObject({
      state: 'declined',
      endReason: 'customer-declined',
    });
    expect((await postJson(`/customer/api/sessions/${session.id}/stop`)).status).toBe(409);
    expect((await postJson('/customer/api/sessions/nope/allow')).status).toBe(404);
  });
});

describe('assets', () => {
  it.each([
    ['style.css', 'text/css'],
    ['desktop.js', 'text/javascript'],
    ['customer.js', 'text/javascript'],
  ])('serves %s', async (name, type) => {
    const res = await fetch(`${emu.url}/assets/${name}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain(type);
  });

  it.each(['..%2Fserver.ts', 'missing.js', 'toString', '__proto__'])('does not serve %s', async (name) => {
    expect((await fetch(`${emu.url}/assets/${name}`)).status).toBe(404);
  });
});
