// genesys-cloud: notification channels and their topic subscriptions (REST).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GenesysEmulator } from '../../../emulator/server';
import { call, expectErrorBody, serviceToken, start, subscribedChannel, userToken } from './helpers';

const TOPIC = 'v2.users.agent-ada.conversations';
const CHANNELS = '/api/v2/notifications/channels';

let emu: GenesysEmulator;
let ada: string;
beforeAll(async () => {
  emu = await start({ channelTtlSeconds: 3600 });
  ada = await userToken(emu);
});
beforeEach(() => {
  emu.expireChannels();
  emu.reset();
});
afterAll(() => emu.close());

const subscriptions = (channelId: string) => `${CHANNELS}/${channelId}/subscriptions`;

describe('channels and subscriptions', () => {
  it('creates a channel: connectUri on this server, id, expires = now + channel TTL', async () => {
    const res = await call(emu, ada, 'POST', CHANNELS);
    expect(res.status).toBe(200);
    const channel = (await res.json()) as { connectUri: string; id: string; expires: string };
    expect(channel.connectUri).toBe(`${emu.url.replace('http', 'ws')}/streaming/channels/${channel.id}`);
    expect(Date.parse(channel.expires) - Date.now()).toBeGreaterThan(3_590_000);
    expect(await (await call(emu, ada, 'GET', CHANNELS)).json()).toEqual({ entities: [channel] });
    expect((await call(emu, ada, 'HEAD', `${CHANNELS}/${channel.id}`)).status).toBe(200);
    expect((await call(emu, ada, 'HEAD', `${CHANNELS}/nope`)).status).toBe(404);
  });

  it("subscribes to the token's own user's conversations, lists, adds and clears", async () => {
    const channel = await subscribedChannel(emu, ada);
    expect(await (await call(emu, ada, 'GET', subscriptions(channel.id))).json()).toEqual({
      entities: [{ id: TOPIC }],
    });
    const added = await call(emu, ada, 'POST', subscriptions(channel.id), [{ id: TOPIC }]);
    expect(await added.json()).toEqual({ entities: [{ id: TOPIC }] });
    expect((await call(emu, ada, 'DELETE', subscriptions(channel.id))).status).toBe(204);
    expect(await (await call(emu, ada, 'GET', subscriptions(channel.id))).json()).toEqual({ entities: [] });
  });

  it("refuses another user's topic with 403, leaving the subscriptions as they were", async () => {
    const channel = await subscribedChannel(emu, ada);
    const res = await call(emu, ada, 'PUT', subscriptions(channel.id), [
      { id: 'v2.users.agent-grace.conversations' },
    ]);
    await expectErrorBody(res, 403, 'not.authorized');
    expect(await (await call(emu, ada, 'GET', subscriptions(channel.id))).json()).toEqual({
      entities: [{ id: TOPIC }],
    });
  });

  it('with ignoreErrors=true subscribes what it may and reports the rest as Rejected', async () => {
    const channel = await subscribedChannel(emu, ada);
    const res = await call(emu, ada, 'PUT', `${subscriptions(channel.id)}?ignoreErrors=true`, [
      { id: TOPIC },
      { id: 'v2.users.agent-grace.conversations' },
    ]);
    expect(await res.json()).toEqual({
      entities: [
        { id: TOPIC },
        { id: 'v2.users.agent-grace.conversations', state: 'Rejected', rejectionReason: expect.any(String) },
      ],
    });
  });

  it.each([
    ['an unsupported topic', [{ id: 'v2.users.agent-ada.presence' }], 400, 'bad.request'],
    ['a body that is not a list of topics', { id: TOPIC }, 400, 'bad.request'],
  ])('refuses %s', async (_name, body, status, code) => {
    const channel = await subscribedChannel(emu, ada);
    await expectErrorBody(await call(emu, ada, 'PUT', subscriptions(channel.id), body), status, code);
    expect(await (await call(emu, ada, 'GET', subscriptions(channel.id))).json()).toEqual({
      entities: [{ id: TOPIC }],
    });
  });

  it("a client-credentials token may not subscribe to a user's conversations; nor see Ada's channel", async () => {
    const service = await serviceToken(emu);
    const own = (await (await call(emu, service, 'POST', CHANNELS)).json()) as { id: string };
    await expectErrorBody(
      await call(emu, service, 'PUT', subscriptions(own.id), [{ id: TOPIC }]),
      403,
      'not.authorized',
    );
    const adas = await subscribedChannel(emu, ada);
    await expectErrorBody(await call(emu, service, 'GET', subscriptions(adas.id)), 404, 'not.found');
  });

  it('401 without a token; 404 for an unknown channel', async () => {
    await expectErrorBody(await call(emu, null, 'POST', CHANNELS), 401, 'authentication.required');
    await expectErrorBody(
      await call(emu, ada, 'PUT', subscriptions('nope'), [{ id: TOPIC }]),
      404,
      'not.found',
    );
  });
});
