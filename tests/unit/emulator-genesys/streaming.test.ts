// genesys-cloud: the notification WebSocket stream (heartbeats, conversation events,
// socket_closing, drops, expiry, reconnects).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GenesysEmulator } from '../../../emulator/server';
import {
  acceptedConversation,
  call,
  connect,
  expectErrorBody,
  offerPath,
  type Recorder,
  refusedUpgrade,
  start,
  subscribedChannel,
  userToken,
} from './helpers';

const TOPIC = 'v2.users.agent-ada.conversations';
const CHANNELS = '/api/v2/notifications/channels';

let emu: GenesysEmulator;
let ada: string;
const open: Recorder[] = [];
beforeAll(async () => {
  emu = await start({ heartbeatSeconds: 0.1, channelTtlSeconds: 3600 });
  ada = await userToken(emu);
});
beforeEach(() => {
  for (const socket of open.splice(0)) socket.ws.terminate();
  emu.expireChannels();
  emu.reset();
});
afterAll(() => emu.close());

async function listen(uri: string): Promise<Recorder> {
  const socket = await connect(uri);
  open.push(socket);
  return socket;
}

const subscriptions = (channelId: string) => `${CHANNELS}/${channelId}/subscriptions`;

describe('the WebSocket stream', () => {
  it('sends heartbeats every heartbeatSeconds and answers a ping', async () => {
    const channel = await subscribedChannel(emu, ada);
    const socket = await listen(channel.connectUri);
    await expect.poll(() => socket.on('channel.metadata').length).toBeGreaterThanOrEqual(2);
    expect(socket.messages[0]).toEqual({
      topicName: 'channel.metadata',
      eventBody: { message: 'WebSocket Heartbeat' },
    });
    socket.ws.send(JSON.stringify({ message: 'ping' }));
    await expect.poll(() => socket.messages.some((m) => m.eventBody.message === 'pong')).toBe(true);
    expect(emu.openSockets()).toBe(1);
  });

  it('sends the conversation on accept, on the offer, on the customer answer and at the end', async () => {
    const channel = await subscribedChannel(emu, ada);
    const socket = await listen(channel.connectUri);
    const id = acceptedConversation(emu);
    await expect.poll(() => socket.on(TOPIC).length).toBe(1);
    const accepted = socket.on(TOPIC)[0];
    expect(accepted).toMatchObject({ topicName: TOPIC, version: '2', eventBody: { id } });
    expect(accepted?.eventBody.participants).toEqual([
      expect.objectContaining({ purpose: 'customer' }),
      expect.objectContaining({
        purpose: 'agent',
        userId: 'agent-ada',
        messages: [expect.objectContaining({ state: 'connected', type: 'webmessaging' })],
      }),
    ]);

    const session = (await (await call(emu, ada, 'POST', offerPath(id))).json()) as { id: string };
    await fetch(`${emu.url}/customer/api/sessions/${session.id}/allow`, { method: 'POST' });
    emu.endConversation(id);
    await expect.poll(() => socket.on(TOPIC).length).toBe(4);
    const cobrowse = socket
      .on(TOPIC)
      .map(
        (m) =>
          (m.eventBody.participants as { cobrowsesessions?: { state: string }[] }[])[0]?.cobrowsesessions?.[0]
            ?.state,
      );
    expect(cobrowse).toEqual([undefined, 'alerting', 'connected', 'disconnected']);
    // ConversationEventTopicConversation has no endTime/startTime/selfUri: the end is every
    // communication disconnected.
    for (const message of socket.on(TOPIC)) {
      expect(Object.keys(message.eventBody).sort()).toEqual(['id', 'participants', 'recordingState']);
      for (const party of message.eventBody.participants as Record<string, unknown>[]) {
        expect(party).not.toHaveProperty('startTime');
        expect(party).not.toHaveProperty('userUri');
      }
    }
    const last = socket.on(TOPIC)[3]?.eventBody.participants as { messages: { state: string }[] }[];
    expect(last.flatMap((p) => p.messages.map((m) => m.state))).toEqual(['disconnected', 'disconnected']);
  });

  it('an offer that expires is announced without anyone asking', async () => {
    const quick = await start({ consentTtlSeconds: 0.2, heartbeatSeconds: 60 });
    try {
      const token = await userToken(quick);
      const channel = await subscribedChannel(quick, token);
      const socket = await listen(channel.connectUri);
      const { id } = quick.createConversation();
      quick.acceptConversation(id, 'agent-ada');
      await call(quick, token, 'POST', offerPath(id));
      await expect.poll(() => socket.on(TOPIC).length).toBe(3);
      const last = socket.on(TOPIC)[2]?.eventBody.participants as { cobrowsesessions?: unknown[] }[];
      expect(last[0]?.cobrowsesessions?.[0]).toMatchObject({
        state: 'disconnected',
        disconnectType: 'timeout',
      });
    } finally {
      await quick.close();
    }
  });

  it('sends nothing about conversations the user is not in, nor before it subscribes', async () => {
    const channel = (await (await call(emu, ada, 'POST', CHANNELS)).json()) as {
      id: string;
      connectUri: string;
    };
    const socket = await listen(channel.connectUri);
    acceptedConversation(emu);
    const { id } = emu.createConversation();
    await call(emu, ada, 'PUT', subscriptions(channel.id), [{ id: TOPIC }]);
    emu.acceptConversation(id, 'agent-grace');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(socket.on(TOPIC)).toEqual([]);
  });

  it('closeSocketsGracefully sends v2.system.socket_closing, then closes', async () => {
    const socket = await listen((await subscribedChannel(emu, ada)).connectUri);
    emu.closeSocketsGracefully();
    expect((await socket.closed).code).toBe(1000);
    expect(socket.messages.at(-1)).toEqual({
      topicName: 'v2.system.socket_closing',
      eventBody: { message: 'Socket closing' },
    });
    expect(emu.openSockets()).toBe(0);
  });

  it('dropSockets closes abruptly, with no message and no close frame', async () => {
    const socket = await listen((await subscribedChannel(emu, ada)).connectUri);
    const before = socket.messages.length;
    emu.dropSockets();
    expect((await socket.closed).code).toBe(1006);
    expect(socket.messages.length).toBe(before);
  });

  it('a reconnect to the same channel before expiry resumes its subscriptions', async () => {
    const channel = await subscribedChannel(emu, ada);
    await listen(channel.connectUri);
    emu.dropSockets();
    await expect.poll(() => emu.openSockets()).toBe(0);
    const again = await listen(channel.connectUri);
    acceptedConversation(emu);
    await expect.poll(() => again.on(TOPIC).length).toBe(1);
  });

  it('an expired channel closes its socket and its id stops working', async () => {
    const channel = await subscribedChannel(emu, ada);
    const socket = await listen(channel.connectUri);
    emu.expireChannels();
    expect((await socket.closed).reason).toBe('Channel expired');
    await expectErrorBody(await call(emu, ada, 'GET', subscriptions(channel.id)), 404, 'not.found');
    expect((await call(emu, ada, 'HEAD', `${CHANNELS}/${channel.id}`)).status).toBe(404);
    expect(await refusedUpgrade(channel.connectUri)).toBe(404);
  });

  it('a channel expires by itself after channelTtlSeconds', async () => {
    const short = await start({ channelTtlSeconds: 0.2 });
    try {
      const token = await userToken(short);
      const channel = await subscribedChannel(short, token);
      const socket = await listen(channel.connectUri);
      expect((await socket.closed).reason).toBe('Channel expired');
      await expectErrorBody(await call(short, token, 'GET', subscriptions(channel.id)), 404, 'not.found');
    } finally {
      await short.close();
    }
  });

  it.each([
    ['an unknown channel', '/streaming/channels/0000'],
    ['another path', '/streaming/other'],
    ['a path with more segments', '/streaming/channels/a/b'],
  ])('refuses the upgrade for %s with 404', async (_name, path) => {
    expect(await refusedUpgrade(`${emu.url.replace('http', 'ws')}${path}`)).toBe(404);
  });

  it('the control API drives the same hooks', async () => {
    const socket = await listen((await subscribedChannel(emu, ada)).connectUri);
    const control = (method: string, path: string) => fetch(`${emu.url}/__control/${path}`, { method });
    expect(await (await control('GET', 'sockets')).json()).toEqual({ open: 1, maxPerChannel: 1 });
    expect((await control('POST', 'sockets/close')).status).toBe(204);
    await socket.closed;
    const next = await listen((await subscribedChannel(emu, ada)).connectUri);
    expect((await control('POST', 'sockets/drop')).status).toBe(204);
    expect((await next.closed).code).toBe(1006);
    const last = await listen((await subscribedChannel(emu, ada)).connectUri);
    expect((await control('POST', 'channels/expire')).status).toBe(204);
    expect((await last.closed).reason).toBe('Channel expired');
  });

  it('logs each upgrade with the status it got', async () => {
    const channel = await subscribedChannel(emu, ada);
    await listen(channel.connectUri);
    await refusedUpgrade(`${emu.url.replace('http', 'ws')}/streaming/channels/nope`);
    const upgrades = emu.requestLog().filter((e) => e.path.startsWith('/streaming/'));
    expect(upgrades.map((e) => e.status)).toEqual([101, 404]);
  });
});
