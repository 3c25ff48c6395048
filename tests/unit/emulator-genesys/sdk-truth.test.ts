// Truth check against something we did not write: the official Genesys Cloud SDK
// (purecloud-platform-client-v2) calls the emulator exactly as it calls the real platform, pointed
// at it with setGateway(). The SDK builds the paths, methods, query strings and bodies; the test
// checks it gets our answers and surfaces our ErrorBody errors as it does the platform's.
import { createHash, randomBytes } from 'node:crypto';
import platformClient from 'purecloud-platform-client-v2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GenesysEmulator } from '../../../emulator/server';
import { connect, start } from './helpers';

type ErrorBody = platformClient.Models.ErrorBody;

let emu: GenesysEmulator;
const client = platformClient.ApiClient.instance;
const users = new platformClient.UsersApi();
const conversations = new platformClient.ConversationsApi();
const notifications = new platformClient.NotificationsApi();

beforeAll(async () => {
  emu = await start({ heartbeatSeconds: 60 });
  client.setGateway({ host: '127.0.0.1', protocol: 'http', port: Number(new URL(emu.url).port) });
});
beforeEach(async () => {
  emu.reset();
  client.setReturnExtendedResponses(false);
  client.setAccessToken(await pkceToken('agent-ada'));
});
afterAll(() => emu.close());

/** Signs in on the emulator's page, then lets the SDK redeem the code (authorizePKCEGrant). */
async function pkceToken(agent: string): Promise<string> {
  const signIn = await fetch(`${emu.url}/oauth/signin`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ agent, query: '' }),
    redirect: 'manual',
  });
  const cookie = signIn.headers.get('set-cookie')?.split(';')[0] ?? '';
  const verifier = client.generatePKCECodeVerifier(64);
  const url = new URL('/oauth/authorize', emu.url);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: emu.clientId,
    redirect_uri: emu.redirectUri,
    state: randomBytes(8).toString('hex'),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  const redirect = await fetch(url, { headers: { cookie }, redirect: 'manual' });
  const code = new URL(redirect.headers.get('location') ?? '').searchParams.get('code') ?? '';
  const auth = await client.authorizePKCEGrant(emu.clientId, verifier, code, emu.redirectUri);
  expect(auth.tokenExpiryTime).toBeGreaterThan(Date.now());
  return auth.accessToken;
}

/** What the SDK rejects with: the response body (ErrorBody) itself, unless extended responses are on. */
async function rejection(promise: Promise<unknown>): Promise<ErrorBody> {
  try {
    await promise;
  } catch (error) {
    return error as ErrorBody;
  }
  throw new Error('the SDK call succeeded but should have been refused');
}

function acceptedConversation(agent = 'agent-ada', mediaType?: 'chat'): string {
  const { id } = emu.createConversation(mediaType ? { mediaType } : {});
  emu.acceptConversation(id, agent);
  return id;
}

describe('the official SDK against the emulator', () => {
  it('UsersApi.getUsersMe, plain and with expand=authorization', async () => {
    expect(await users.getUsersMe()).toMatchObject({ id: 'agent-ada', name: 'Ada Lovelace', version: 1 });
    const me = await users.getUsersMe({ expand: ['authorization', 'presence'] });
    expect(me.authorization?.permissions).toContain('conversation:cobrowse:add');
    client.setAccessToken(await pkceToken('agent-grace'));
    const grace = await users.getUsersMe({ expand: ['authorization'] });
    expect(grace.authorization?.permissions).not.toContain('conversation:cobrowse:add');
  });

  it('loginClientCredentialsGrant works, and getUsersMe then surfaces our 400 ErrorBody', async () => {
    const auth = await client.loginClientCredentialsGrant('service-client', 'service-secret');
    expect(auth.accessToken).toEqual(expect.any(String));
    const error = await rejection(users.getUsersMe());
    expect(error).toMatchObject({
      status: 400,
      code: 'bad.request',
      message: expect.stringContaining('Client credentials cannot be used'),
      contextId: expect.any(String),
      details: [],
      errors: [],
    });
  });

  it('ConversationsApi.getConversation and postConversationCobrowse', async () => {
    const id = acceptedConversation();
    const session = await conversations.postConversationCobrowse(id);
    expect(session).toMatchObject({ joinCode: expect.any(String), communicationType: 'Message' });
    const conversation = await conversations.getConversation(id);
    const customer = conversation.participants.find((p) => p.purpose === 'customer');
    expect(customer?.cobrowsesessions?.[0]).toMatchObject({
      cobrowseSessionId: session.id,
      state: 'alerting',
    });
  });

  it.each([
    ['an unknown conversation', () => 'nope', 404, 'not.found'],
    ['a chat conversation', () => acceptedConversation('agent-ada', 'chat'), 400, 'bad.request'],
    ['a conversation Ada never accepted', () => emu.createConversation().id, 400, 'bad.request'],
  ])('postConversationCobrowse on %s surfaces our ErrorBody', async (_name, make, status, code) => {
    const error = await rejection(conversations.postConversationCobrowse(make()));
    expect(error).toMatchObject({ status, code, contextId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });

  it("Grace's 403 arrives with the permission named, as status, code, message and contextId", async () => {
    client.setAccessToken(await pkceToken('agent-grace'));
    const error = await rejection(
      conversations.postConversationCobrowse(acceptedConversation('agent-grace')),
    );
    expect(error.status).toBe(403);
    expect(error.code).toBe('missing.any.permissions');
    expect(error.message).toContain('conversation:cobrowse:add');
    expect(error.contextId).toEqual(expect.any(String));
  });

  it('extended responses carry the HTTP status and our Retry-After on a 429', async () => {
    const id = acceptedConversation();
    emu.injectFault('POST /api/v2/conversations/:id/cobrowse', { status: 429, retryAfter: 3 });
    client.setReturnExtendedResponses(true);
    const error = (await rejection(conversations.postConversationCobrowse(id))) as unknown as {
      status: number;
      headers: Record<string, string>;
      body: ErrorBody;
    };
    expect(error.status).toBe(429);
    expect(error.headers['retry-after']).toBe('3');
    expect(error.body).toMatchObject({ status: 429, code: 'too.many.requests' });
  });

  it('NotificationsApi: create a channel, subscribe, list, check it, and receive on its connectUri', async () => {
    const channel = await notifications.postNotificationsChannels();
    const channelId = channel.id ?? '';
    const topic = 'v2.users.agent-ada.conversations';
    const subscribed = await notifications.putNotificationsChannelSubscriptions(channelId, [{ id: topic }]);
    expect(subscribed.entities).toEqual([{ id: topic }]);
    expect((await notifications.getNotificationsChannelSubscriptions(channelId)).entities).toEqual([
      { id: topic },
    ]);
    // Subscribing renewed the channel (a full lifetime again), so only its expiry moved on.
    const [listed] = (await notifications.getNotificationsChannels()).entities ?? [];
    expect(listed).toEqual({ ...channel, expires: expect.any(String) });
    expect(Date.parse(listed?.expires ?? '')).toBeGreaterThanOrEqual(Date.parse(channel.expires ?? ''));
    await notifications.headNotificationsChannel(channelId);

    const socket = await connect(channel.connectUri ?? '');
    acceptedConversation();
    await expect.poll(() => socket.on(topic).length).toBe(1);
    socket.ws.terminate();

    const refused = await rejection(
      notifications.putNotificationsChannelSubscriptions(channelId, [
        { id: 'v2.users.agent-grace.conversations' },
      ]),
    );
    expect(refused).toMatchObject({ status: 403, code: 'not.authorized' });
    const rejected = await notifications.putNotificationsChannelSubscriptions(
      channelId,
      [{ id: 'v2.users.agent-grace.conversations' }],
      { ignoreErrors: true },
    );
    expect(rejected.entities?.[0]).toMatchObject({ state: 'Rejected' });
  });

  it('an expired token surfaces as 401 bad.credentials', async () => {
    emu.expireAllTokens();
    expect(await rejection(users.getUsersMe())).toMatchObject({ status: 401, code: 'bad.credentials' });
  });
});
