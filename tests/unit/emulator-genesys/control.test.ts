// genesys-cloud: the programmatic and HTTP control API, and what reset() keeps.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GenesysEmulator } from '../../../emulator/server';
import { startEmulator } from '../../../emulator/server';
import { call, connect, start, subscribedChannel, userToken } from './helpers';

let emu: GenesysEmulator;
let ada: string;
beforeAll(async () => {
  emu = await start();
  ada = await userToken(emu);
});
beforeEach(() => emu.reset());
afterAll(() => emu.close());

const control = (method: string, path: string, body?: unknown) =>
  fetch(`${emu.url}/__control/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe('control API in genesys-cloud mode', () => {
  it('creates a conversation of a given medium, accepts and ends it', async () => {
    const created = await control('POST', 'conversations', {
      id: 'v1',
      mediaType: 'voice',
      customerName: 'Vic',
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ id: 'v1', participants: [{ name: 'Vic', calls: [{}] }] });
    expect((await control('POST', 'conversations/v1/accept', { agentId: 'agent-ada' })).status).toBe(204);
    expect((await control('POST', 'conversations/v1/end')).status).toBe(204);
    const conversation = (await (await call(emu, ada, 'GET', '/api/v2/conversations/v1')).json()) as {
      endTime?: string;
    };
    expect(conversation.endTime).toEqual(expect.any(String));
    expect(await (await control('GET', 'sessions')).json()).toEqual({ entities: [] });
  });

  it.each([
    ['an unknown medium', { mediaType: 'fax' }],
    ['an unknown field', { externalSessionId: 'x' }],
    ['a duplicate id', { id: 'dup' }],
  ])('refuses %s with 400 and creates nothing', async (_name, body) => {
    emu.createConversation({ id: 'dup' });
    expect((await control('POST', 'conversations', body)).status).toBe(400);
    expect(emu.createConversation({ id: 'other' }).id).toBe('other');
  });

  it('programmatic refusals throw Errors that name the operation', () => {
    expect(() => emu.acceptConversation('nope', 'agent-ada')).toThrow(/^acceptConversation: /);
    expect(() => emu.endConversation('nope')).toThrow(/^endConversation: /);
    expect(() => emu.createConversation({ id: 'bad id!' })).toThrow(/^createConversation: /);
  });

  it('reset() clears conversations and offers but keeps channels, subscriptions and sockets', async () => {
    const channel = await subscribedChannel(emu, ada);
    const socket = await connect(channel.connectUri);
    emu.createConversation({ id: 'gone' });
    emu.reset();
    expect((await call(emu, ada, 'GET', '/api/v2/conversations/gone')).status).toBe(404);
    expect(emu.openSockets()).toBe(1);
    const { id } = emu.createConversation();
    emu.acceptConversation(id, 'agent-ada');
    await expect.poll(() => socket.on('v2.users.agent-ada.conversations').length).toBe(1);
    socket.ws.terminate();
  });

  it('the default platform is still sessions-api; options are validated', async () => {
    const plain = await startEmulator({ control: true });
    try {
      expect((await fetch(`${plain.url}/api/v2/notifications/channels`, { method: 'POST' })).status).toBe(
        404,
      );
    } finally {
      await plain.close();
    }
    await expect(start({ heartbeatSeconds: 0 })).rejects.toThrow(/heartbeatSeconds/);
  });
});
