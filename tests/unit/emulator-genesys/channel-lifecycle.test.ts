// genesys-cloud: how channels live and die as the notifications docs describe (issue 12 items 7, 11):
// re-subscribing extends a channel, 20 channels per user and app (the 21st evicts the least recently
// used, idle ones first), and the faults for a half-open socket and the 21st channel.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GenesysEmulator } from '../../../emulator/server';
import { call, connect, start, subscribedChannel, userToken } from './helpers';

const CHANNELS = '/api/v2/notifications/channels';
const TOPIC = 'v2.users.agent-ada.conversations';
const subscriptions = (id: string) => `${CHANNELS}/${id}/subscriptions`;
const exists = async (emu: GenesysEmulator, token: string, id: string) =>
  (await call(emu, token, 'HEAD', `${CHANNELS}/${id}`)).status === 200;

let emu: GenesysEmulator;
let ada: string;
let grace: string;
beforeAll(async () => {
  emu = await start({ channelTtlSeconds: 3600, heartbeatSeconds: 0.05 });
  ada = await userToken(emu);
  grace = await userToken(emu, 'agent-grace');
});
beforeEach(() => emu.expireChannels());
afterAll(() => emu.close());

describe('a channel is extended by re-subscribing', () => {
  it('PUT or POST subscriptions gives it a full lifetime again; one nobody renews expires', async () => {
    // The emulator's clock (Date) is moved by hand: with real waits (a 1.2 s lifetime, 700 ms then
    // 800 ms of sleep) the renewal itself came too late under CI load and met a 404 (4 Dec 2026).
    // Expiry is checked against Date.now() whenever a channel is looked up (ChannelStore.get), so
    // these lookups see exactly the moment set; its 60 s real timers never fire within the test.
    const t0 = Date.now();
    vi.useFakeTimers({ toFake: ['Date'], now: t0 });
    const quick = await start({ channelTtlSeconds: 60 });
    try {
      const token = await userToken(quick);
      const renewed = await subscribedChannel(quick, token);
      const idle = await subscribedChannel(quick, token);
      vi.setSystemTime(t0 + 35_000);
      expect((await call(quick, token, 'PUT', subscriptions(renewed.id), [{ id: TOPIC }])).status).toBe(200);
      const listed = (await (await call(quick, token, 'GET', CHANNELS)).json()) as {
        entities: { id: string; expires: string }[];
      };
      const now = listed.entities.find((c) => c.id === renewed.id);
      expect(Date.parse(now?.expires ?? '')).toBeGreaterThan(Date.parse(renewed.expires) + 500);
      vi.setSystemTime(t0 + 70_000);
      expect(await exists(quick, token, renewed.id)).toBe(true);
      expect(await exists(quick, token, idle.id)).toBe(false);
    } finally {
      vi.useRealTimers();
      await quick.close();
    }
  });
});

describe('at most 20 channels per user and app', () => {
  it('the 21st evicts the least recently used; the user keeps 20', async () => {
    const first = await subscribedChannel(emu, ada);
    const rest = [];
    for (let i = 0; i < 19; i++) rest.push(await subscribedChannel(emu, ada));
    // Another user's channels do not count against Ada's.
    const graces = await subscribedChannel(emu, grace, 'agent-grace');
    await subscribedChannel(emu, ada);
    const listed = (await (await call(emu, ada, 'GET', CHANNELS)).json()) as { entities: { id: string }[] };
    expect(listed.entities).toHaveLength(20);
    expect(await exists(emu, ada, first.id)).toBe(false);
    expect(await exists(emu, ada, rest[0]?.id ?? '')).toBe(true);
    expect(await exists(emu, grace, graces.id)).toBe(true);
  });

  it('idle channels go first: an older one with an open socket survives a newer idle one', async () => {
    const connected = await subscribedChannel(emu, ada);
    const socket = await connect(connected.connectUri);
    const idle = await subscribedChannel(emu, ada);
    for (let i = 0; i < 18; i++) await subscribedChannel(emu, ada);
    await subscribedChannel(emu, ada); // the 21st
    expect(await exists(emu, ada, connected.id)).toBe(true);
    expect(await exists(emu, ada, idle.id)).toBe(false);
    socket.ws.close();
  });

  it('fault crowdChannels: the quota fills with channels in use elsewhere, evicting a connected one', async () => {
    const mine = await subscribedChannel(emu, ada);
    const socket = await connect(mine.connectUri);
    emu.crowdChannels('agent-ada');
    expect(await socket.closed).toEqual({ code: 1000, reason: 'Channel removed: channel limit reached' });
    expect(await exists(emu, ada, mine.id)).toBe(false);
    // The next channel evicts the least recently used of the crowd, not the new one.
    const next = await subscribedChannel(emu, ada);
    expect(await exists(emu, ada, next.id)).toBe(true);
    expect(
      ((await (await call(emu, ada, 'GET', CHANNELS)).json()) as { entities: unknown[] }).entities,
    ).toHaveLength(20);
    expect(() => emu.crowdChannels('nobody')).toThrow('agent nobody does not exist');
  });
});

describe('fault silenceSockets: a half-open socket', () => {
  it('stays open but hears no heartbeat, no pong and no event; a new socket on the channel hears all', async () => {
    const channel = await subscribedChannel(emu, ada);
    const silent = await connect(channel.connectUri);
    await expect.poll(() => silent.on('channel.metadata').length).toBeGreaterThan(0);
    emu.silenceSockets();
    silent.ws.send(JSON.stringify({ message: 'ping' }));
    const { id } = emu.createConversation();
    emu.acceptConversation(id, 'agent-ada');
    const fresh = await connect(channel.connectUri);
    fresh.ws.send(JSON.stringify({ message: 'ping' }));
    await expect.poll(() => fresh.on('channel.metadata').length).toBeGreaterThan(1);
    // Counted only now: a heartbeat the server wrote just before the silence can still be on its
    // way at silenceSockets() (seen once under load); by the fresh socket's second frame it is here.
    const heard = silent.messages.length;
    emu.endConversation(id);
    await expect.poll(() => fresh.on(TOPIC).length).toBe(1);
    expect(silent.on(TOPIC)).toHaveLength(0); // neither the accept nor the end reached it
    expect(silent.messages).toHaveLength(heard);
    expect(silent.ws.readyState).toBe(silent.ws.OPEN);
    expect(emu.maxSocketsPerChannel()).toBe(2);
    silent.ws.close();
    fresh.ws.close();
  });
});
