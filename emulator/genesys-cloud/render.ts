// Turns the genesys-cloud records into the platform's JSON: Models.Conversation and
// Models.CobrowseWebMessagingSession.
import type { CobrowseCommunication, Communication, ConversationRecord, Party } from './model';
import type {
  CobrowseCommunicationJson,
  CobrowseOffer,
  CobrowseWebMessagingSessionJson,
  CommunicationJson,
  ConversationJson,
  ParticipantJson,
} from './types';

/** Which Participant array holds each medium (Models.Participant). */
const MEDIA_FIELD = { chat: 'chats', email: 'emails', voice: 'calls' } as const;

export function conversationJson(conversation: ConversationRecord): ConversationJson {
  return {
    id: conversation.id,
    startTime: conversation.startTime,
    ...(conversation.endTime ? { endTime: conversation.endTime } : {}),
    participants: conversation.parties.map((party) => participantJson(conversation, party)),
    recordingState: 'none',
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
  if (conversation.mediaType === 'webmessaging') {
    json.messages = [{ ...media, type: 'webmessaging', direction: 'inbound' }];
  } else {
    json[MEDIA_FIELD[conversation.mediaType]] = [media];
  }
  if (party.cobrowse.length > 0) json.cobrowsesessions = party.cobrowse.map(cobrowseJson);
  return json;
}

function communicationJson(comm: Communication): CommunicationJson {
  return { ...comm };
}

function cobrowseJson({ joinCode, ...comm }: CobrowseCommunication): CobrowseCommunicationJson {
  return { ...comm, cobrowseSessionId: joinCode, cobrowseRole: 'Viewer', provider: 'Genesys Cloud' };
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
