import { describe, expect, it } from 'vitest';
import messages from '../../public/_locales/en/messages.json';
import { StartError } from '../../src/background/api/errors';
import { genesysCloud } from '../../src/background/platform/genesys-cloud';
import { eligibility, MEDIA_KEYS } from '../../src/background/platform/genesys-eligibility';
import vendored from './emulator-genesys/openapi/definitions.json';
import { stubApi } from './helpers/stub-api';

const agent = (media: Record<string, unknown>) => ({
  id: 'a',
  purpose: 'agent',
  userId: 'agent-ada',
  ...media,
});
const customer = (media: Record<string, unknown>) => ({ id: 'c', purpose: 'customer', ...media });
const message = (type: string) => ({ messages: [{ state: 'connected', type }] });
const call = (direction = 'inbound') => ({ calls: [{ state: 'connected', direction }] });
const conversation = (media: Record<string, unknown>, agentMedia = media) => ({
  id: 'c-1',
  participants: [customer(media), agent(agentMedia)],
});

describe('which interactions may be offered co-browse', () => {
  it('web messaging, by default', () => {
    expect(eligibility(conversation(message('webmessaging')), { voice: false })).toEqual({
      eligible: true,
      media: 'webmessaging',
    });
  });

  // Every channel a conversation's `messages` can carry, from the published definitions (Message.type;
  // docs/genesys-cloud.md section 1), not from the list the code keeps.
  const messageTypes = vendored.definitions.Message.properties.type.enum;
  it.each(messageTypes.filter((type) => type !== 'webmessaging'))(
    'a %s message is not (every Message.type other than webmessaging), and is named',
    (type) => {
      expect(eligibility(conversation(message(type)), { voice: true })).toEqual({
        eligible: false,
        media: type,
      });
    },
  );

  it('a Message.type no definition lists is an unknown channel, not eligible', () => {
    expect(eligibility(conversation(message('carrier-pigeon')), { voice: true }).eligible).toBe(false);
  });

  it('voice only when the setting is on; never an outbound call', () => {
    expect(eligibility(conversation(call()), { voice: false })).toEqual({
      eligible: false,
      media: 'voice-off',
    });
    expect(eligibility(conversation(call()), { voice: true })).toEqual({ eligible: true, media: 'voice' });
    expect(eligibility(conversation(call('outbound')), { voice: true })).toEqual({
      eligible: false,
      media: 'outbound-call',
    });
  });

  it.each([
    ['chats', 'chat'],
    ['emails', 'email'],
    ['callbacks', 'callback'],
    ['socialExpressions', 'social'],
    ['videos', 'video'],
  ])('%s (%s) are not', (field, media) => {
    const c = conversation({ [field]: [{ state: 'connected' }] });
    expect(eligibility(c, { voice: true })).toEqual({ eligible: false, media });
  });

  it('an internal conversation (no customer) is not, nor one with nothing recognisable', () => {
    const internal = {
      id: 'c-1',
      participants: [agent(call()), { ...agent(call()), userId: 'agent-grace' }],
    };
    expect(eligibility(internal, { voice: true })).toEqual({ eligible: false, media: 'internal' });
    expect(eligibility(conversation({}), { voice: true })).toEqual({ eligible: false, media: 'unknown' });
  });

  it('every key it can name is one the popup has words for', () => {
    for (const key of MEDIA_KEYS) expect(messages, key).toHaveProperty(`media_${key.replaceAll('-', '_')}`);
  });
});

describe('genesysCloud.start', () => {
  const offer = { id: 'offer-1', joinCode: '123456', dateOfferEnds: '2030-01-01T00:00:00Z' };
  const request = { conversationId: 'c-1', externalSessionId: 'x', user: { id: 'agent-ada', name: 'Ada' } };

  it('never POSTs on an SMS: the start fails as not-eligible, naming the medium', async () => {
    const { api, calls } = stubApi({
      'GET api/v2/conversations/c-1': conversation(message('sms')),
      'POST api/v2/conversations/c-1/cobrowse': offer,
    });
    const failure = await genesysCloud.start(api, request).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(StartError);
    expect((failure as StartError).reason).toEqual({ code: 'not-eligible', detail: 'sms' });
    expect(calls).toEqual(['GET api/v2/conversations/c-1']);
  });

  it('sends the body-less POST with Content-Type: application/json, as the SDK does', async () => {
    let contentType: string | null = null;
    const { api } = stubApi({
      'GET api/v2/conversations/c-1': conversation(message('webmessaging')),
      'POST api/v2/conversations/c-1/cobrowse': (_url: URL, req: Request) => {
        contentType = req.headers.get('content-type');
        return Response.json(offer);
      },
    });
    const session = await genesysCloud.start(api, request);
    expect(contentType).toBe('application/json');
    expect(session).toMatchObject({ id: 'offer-1', state: 'pending', expiresAt: offer.dateOfferEnds });
    // Web messaging: the customer accepts in the Messenger, no code to read out.
    expect(session.joinCode).toBeUndefined();
  });

  it('a voice offer (setting on) keeps the joinCode the customer needs', async () => {
    const { api } = stubApi({
      'GET api/v2/conversations/c-1': conversation(call()),
      'POST api/v2/conversations/c-1/cobrowse': { ...offer, communicationType: 'Call' },
    });
    expect((await genesysCloud.start(api, { ...request, cobrowseVoice: true })).joinCode).toBe('123456');
    const off = await genesysCloud.start(api, request).catch((e: unknown) => e);
    expect((off as StartError).reason).toEqual({ code: 'not-eligible', detail: 'voice-off' });
  });

  it('an unknown conversation is named as such, nothing POSTed', async () => {
    const { api, calls } = stubApi({});
    const failure = await genesysCloud.start(api, request).catch((e: unknown) => e);
    expect((failure as StartError).reason.code).toBe('conversation-not-found');
    expect(calls.filter((c) => c.startsWith('POST'))).toEqual([]);
  });

  // The accept's notification event is the conversation (ConversationEventTopicConversation):
  // eligibility and the name come from it, so the offer needs no read first (issue 15).
  const POST = 'POST api/v2/conversations/c-1/cobrowse';
  const GET = 'GET api/v2/conversations/c-1';

  it('offers at once when the event shows an eligible web-messaging chat: no read before the POST', async () => {
    const { api, calls } = stubApi({ [POST]: offer });
    const seen = conversation(message('webmessaging'));
    expect(await genesysCloud.start(api, { ...request, seen })).toMatchObject({ id: 'offer-1' });
    expect(calls).toEqual([POST]);
  });

  it('an event can make an offer sooner, never refuse one: anything but "eligible" is decided on a read', async () => {
    const sms = conversation(message('sms'));
    const { api, calls } = stubApi({ [GET]: sms, [POST]: offer });
    const refused = await genesysCloud.start(api, { ...request, seen: sms }).catch((e: unknown) => e);
    expect((refused as StartError).reason).toEqual({ code: 'not-eligible', detail: 'sms' });
    expect(calls).toEqual([GET]);

    // An event without the customer (partial), one that does not parse, a call with voice off:
    // each is read, and the read decides.
    const partial = { id: 'c-1', participants: [agent(message('webmessaging'))] };
    for (const seen of [partial, { id: 'c-1', participants: 'x' }, conversation(call())]) {
      const read = stubApi({ [GET]: conversation(message('webmessaging')), [POST]: offer });
      expect(await genesysCloud.start(read.api, { ...request, seen })).toMatchObject({ id: 'offer-1' });
      expect(read.calls).toEqual([GET, POST]);
    }
  });

  it('an event that was already stale: the POST’s 404 names the conversation as unknown', async () => {
    const { api } = stubApi({});
    const failure = await genesysCloud
      .start(api, { ...request, seen: conversation(message('webmessaging')) })
      .catch((e: unknown) => e);
    expect((failure as StartError).reason.code).toBe('conversation-not-found');
  });

  it('takes the name from the event, stored after the POST is sent, and before start returns', async () => {
    const seen = {
      id: 'c-1',
      participants: [
        { ...customer(message('webmessaging')), name: 'Pat Kim' },
        agent(message('webmessaging')),
      ],
    };
    const { api, calls } = stubApi({ [POST]: offer });
    const names: { name: string; sent: string[] }[] = [];
    const onCustomerName = async (name: string) => void names.push({ name, sent: [...calls] });
    await genesysCloud.start(api, { ...request, seen, onCustomerName });
    expect(names).toEqual([{ name: 'Pat Kim', sent: [POST] }]);
  });

  it('adopts nothing it cannot prove it created (a lost answer, a 409)', async () => {
    const open = {
      id: 'c-1',
      participants: [
        {
          ...customer(message('webmessaging')),
          cobrowsesessions: [{ id: 'm', cobrowseSessionId: 'theirs', state: 'alerting' }],
        },
        agent(message('webmessaging')),
      ],
    };
    const { api } = stubApi({ 'GET api/v2/conversations/c-1': open });
    expect(await genesysCloud.findAttempt(api, request)).toBeUndefined();
  });
});
