// Type-level truth check: the official SDK's TypeScript models (purecloud-platform-client-v2)
// accept every shape the genesys-cloud emulator sends. `npx tsc --noEmit` fails if one drifts,
// e.g. UserMe requires `version` and Conversation requires `startTime` and `participants`.
import type platformClient from 'purecloud-platform-client-v2';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type {
  ChannelJson,
  ChannelTopicJson,
  CobrowseCommunicationJson,
  CobrowseWebMessagingSessionJson,
  CommunicationJson,
  ConversationJson,
  ErrorBodyJson,
  GenesysEmulator,
  MessageJson,
  ParticipantJson,
  UserMeJson,
} from '../../../emulator/server';
import { acceptedConversation, call, offerPath, start, userToken } from './helpers';

describe('the emulator’s types are the SDK’s models', () => {
  it('each response type is assignable to its model', () => {
    expectTypeOf<ErrorBodyJson>().toExtend<platformClient.Models.ErrorBody>();
    expectTypeOf<UserMeJson>().toExtend<platformClient.Models.UserMe>();
    expectTypeOf<ConversationJson>().toExtend<platformClient.Models.Conversation>();
    expectTypeOf<ParticipantJson>().toExtend<platformClient.Models.Participant>();
    expectTypeOf<MessageJson>().toExtend<platformClient.Models.Message>();
    expectTypeOf<CommunicationJson>().toExtend<platformClient.Models.ConversationChat>();
    expectTypeOf<CommunicationJson>().toExtend<platformClient.Models.Email>();
    expectTypeOf<CommunicationJson>().toExtend<platformClient.Models.Call>();
    expectTypeOf<CobrowseCommunicationJson>().toExtend<platformClient.Models.Cobrowsesession>();
    expectTypeOf<CobrowseWebMessagingSessionJson>().toExtend<platformClient.Models.CobrowseWebMessagingSession>();
    expectTypeOf<ChannelJson>().toExtend<platformClient.Models.Channel>();
    expectTypeOf<ChannelTopicJson>().toExtend<platformClient.Models.ChannelTopic>();
    expectTypeOf<{
      entities: ChannelTopicJson[];
    }>().toExtend<platformClient.Models.ChannelTopicEntityListing>();
    // A notification's eventBody is the conversation as GET returns it.
    expectTypeOf<ConversationJson>().toExtend<platformClient.Models.ConversationEventTopicConversation>();
  });
});

describe('live responses satisfy the SDK models', () => {
  let emu: GenesysEmulator;
  let ada: string;
  beforeAll(async () => {
    emu = await start();
    ada = await userToken(emu);
  });
  afterAll(() => emu.close());

  it('an offer, its conversation and an error, typed as the SDK types them', async () => {
    const id = acceptedConversation(emu);
    const offer: platformClient.Models.CobrowseWebMessagingSession = (await (
      await call(emu, ada, 'POST', offerPath(id))
    ).json()) as CobrowseWebMessagingSessionJson;
    const conversation: platformClient.Models.Conversation = (await (
      await call(emu, ada, 'GET', `/api/v2/conversations/${id}`)
    ).json()) as ConversationJson;
    const error: platformClient.Models.ErrorBody = (await (
      await call(emu, ada, 'GET', '/api/v2/conversations/nope')
    ).json()) as ErrorBodyJson;
    expect(Object.keys(offer).sort()).toEqual(
      ['communicationType', 'dateOfferEnds', 'id', 'joinCode', 'name', 'selfUri', 'websocketUrl'].sort(),
    );
    expect(conversation.participants[0]?.cobrowsesessions?.[0]?.cobrowseSessionId).toBe(offer.id);
    expect(Object.keys(error).sort()).toEqual([
      'code',
      'contextId',
      'details',
      'errors',
      'message',
      'status',
    ]);
  });
});
