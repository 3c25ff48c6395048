// Turns the genesys-cloud records into the platform's JSON: Models.Conversation and
// Models.CobrowseWebMessagingSession.
import type { CobrowseCommunication, Communication, ConversationRecord, Party } from './model';
import type {
  CobrowseCommunicationJson,
  CobrowseOffer,
  CobrowseWebMessagingSessionJson,
  CommunicationJson,
  ConversationEventJson,
  ConversationJson,
  ParticipantEventJson,
  ParticipantJson,
} from './types';

/** Which Participant array holds each medium (Models.Participant). */
const MEDIA_FIELD = { chat: 'chats', email: 'emails' } as const;

export function conversationJson(conversation: ConversationRecord): ConversationJson {
  return {
    id: conversation.id,
    startTime: conversation.startTime,
    ...(conversation.endTime ? { endTime: conversation.endTime } : {}),
    participants: conversation.parties.map((party) => participantJson(conversation, party)),
    // The Conversation definition's enum is upper case (ACTIVE, PAUSED, NONE).
    recordingState: 'NONE',
    selfUri: `/api/v2/conversations/${conversation.id}`,
  };
}

function participantJson(conversation: ConversationRecord, party: Party): ParticipantJson {
  const json: ParticipantJson = {
    id: party.id,
    startTime: party.startTime,
    ...(party.connectedTime ? { connectedTime: party.connectedTime } : {}),
    ...(party.endTime ? { endTime: party.endTime } : {}),
    name: party.name,
    ...(party.userId ? { userId: party.userId, userUri: `/api/v2/users/${party.userId}` } : {}),
    purpose: party.purpose,
  };
  const media = communicationJson(party.media);
  const { mediaType } = conversation;
  if (mediaType === 'webmessaging' || mediaType === 'sms' || mediaType === 'whatsapp') {
    // Every messaging channel is a Message; its `type` says which (Models.Message).
    json.messages = [{ ...media, type: mediaType, direction: 'inbound' }];
  } else if (mediaType === 'voice') {
    json.calls = [{ ...media, direction: 'inbound' }];
  } else {
    json[MEDIA_FIELD[mediaType]] = [media];
  }
  if (party.cobrowse.length > 0) json.cobrowsesessions = party.cobrowse.map(cobrowseJson);
  return json;
}

function communicationJson(comm: Communication): CommunicationJson {
  return { ...comm };
}

function cobrowseJson({ offerId, ...comm }: CobrowseCommunication): CobrowseCommunicationJson {
  return { ...comm, cobrowseSessionId: offerId, cobrowseRole: 'Viewer', provider: 'Genesys Cloud' };
}

/**
 * The notification's eventBody, shaped as ConversationEventTopicConversation: the topic models have
 * no startTime/endTime/selfUri on the conversation, no startTime/userUri on a participant and no
 * startAlertingTime on a communication — so the extension cannot come to depend on them.
 */
export function conversationEventJson(conversation: ConversationRecord): ConversationEventJson {
  const { participants } = conversationJson(conversation);
  return {
    id: conversation.id,
    participants: participants.map(({ startTime: _s, userUri: _u, ...party }) => ({
      ...party,
      ...stripAlerting(party),
    })),
    recordingState: 'none',
  };
}

const MEDIA_ARRAYS = ['messages', 'calls', 'chats', 'emails', 'cobrowsesessions'] as const;

function stripAlerting(party: ParticipantEventJson): Partial<ParticipantEventJson> {
  const out: Record<string, unknown> = {};
  for (const key of MEDIA_ARRAYS) {
    const list = party[key];
    if (list) out[key] = list.map(({ startAlertingTime: _a, ...comm }) => comm);
  }
  return out as Partial<ParticipantEventJson>;
}

export function offerJson(
  offer: CobrowseOffer,
  mediaType: 'webmessaging' | 'voice',
  baseUrl: string,
): CobrowseWebMessagingSessionJson {
  const ws = baseUrl.replace(/^http/, 'ws');
  return {
    id: offer.id,
    name: `Co-browse for conversation ${offer.conversationId}`,
    joinCode: offer.joinCode,
    // Where the real platform's co-browse JS client connects; the emulator does not serve it.
    websocketUrl: `${ws}/cobrowse/${offer.id}`,
    dateOfferEnds: offer.dateOfferEnds,
    communicationType: mediaType === 'voice' ? 'Call' : 'Message',
    selfUri: `/api/v2/conversations/${offer.conversationId}/cobrowse/${offer.id}`,
  };
}
