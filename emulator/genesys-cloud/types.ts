// The genesys-cloud mode's public JSON, named after the official SDK's models
// (purecloud-platform-client-v2 index.d.ts), and its test-facing co-browse offer record.
import type { EndReason, SessionState } from '../types';

/** webmessaging, sms and whatsapp are all `messages` (Message.type tells them apart); voice is `calls`. */
export type MediaType = 'webmessaging' | 'sms' | 'whatsapp' | 'chat' | 'email' | 'voice';
export const MESSAGE_TYPES = ['webmessaging', 'sms', 'whatsapp'] as const;
export type CommunicationState = 'alerting' | 'connected' | 'disconnected';
/** Models.Cobrowsesession.disconnectType values the emulator uses. */
export type DisconnectType = 'peer' | 'timeout' | 'endpoint' | 'system' | 'transfer';

/** Models.ErrorBody. */
export interface ErrorBodyJson {
  message: string;
  code: string;
  status: number;
  messageWithParams?: string;
  messageParams?: Record<string, string>;
  contextId: string;
  details: [];
  errors: [];
}

/** The part every communication (Message, ConversationChat, Email, Call, Cobrowsesession) shares. */
export interface CommunicationJson {
  id: string;
  state: CommunicationState;
  initialState: CommunicationState;
  startAlertingTime?: string;
  connectedTime?: string;
  disconnectedTime?: string;
  disconnectType?: DisconnectType;
}

export interface MessageJson extends CommunicationJson {
  type: (typeof MESSAGE_TYPES)[number];
  direction: 'inbound';
}

export interface CallJson extends CommunicationJson {
  direction: 'inbound';
}

export interface CobrowseCommunicationJson extends CommunicationJson {
  /** The co-browse session's id: the `id` POST .../cobrowse answered with. (`id` is the communication's own.) */
  cobrowseSessionId: string;
  cobrowseRole: 'Viewer';
  provider: 'Genesys Cloud';
}

export interface ParticipantJson {
  id: string;
  startTime: string;
  connectedTime?: string;
  endTime?: string;
  name: string;
  userId?: string;
  userUri?: string;
  purpose: 'customer' | 'agent' | 'user';
  messages?: MessageJson[];
  chats?: CommunicationJson[];
  emails?: CommunicationJson[];
  calls?: CallJson[];
  cobrowsesessions?: CobrowseCommunicationJson[];
}

/** Models.Conversation. */
export interface ConversationJson {
  id: string;
  startTime: string;
  endTime?: string;
  participants: ParticipantJson[];
  recordingState: 'NONE';
  selfUri: string;
}

/** ConversationEventTopicConversation: the notification's eventBody (no startTime, endTime, selfUri). */
export interface ConversationEventJson {
  id: string;
  participants: ParticipantEventJson[];
  recordingState: 'none';
}

/** ConversationEventTopicParticipant: no startTime or userUri; communications without startAlertingTime. */
export type ParticipantEventJson = Omit<ParticipantJson, 'startTime' | 'userUri'>;

/** Models.CobrowseWebMessagingSession; communicationType is the SDK enum "Message" | "Call". */
export interface CobrowseWebMessagingSessionJson {
  id: string;
  name: string;
  joinCode: string;
  websocketUrl: string;
  dateOfferEnds: string;
  communicationType: 'Message' | 'Call';
  selfUri: string;
}

/** Models.UserMe (version is required there). */
export interface UserMeJson {
  id: string;
  name: string;
  email: string;
  username: string;
  state: 'active';
  version: number;
  authorization?: {
    roles: { id: string; name: string }[];
    unusedRoles: [];
    permissions: string[];
  };
  selfUri: string;
}

/** Models.Channel and Models.ChannelTopic. */
export interface ChannelJson {
  connectUri: string;
  id: string;
  expires: string;
}

export interface ChannelTopicJson {
  id: string;
  /** Only for a topic refused under ?ignoreErrors=true. */
  state?: 'Rejected';
  rejectionReason?: string;
}

/** One co-browse offer as tests see it (`emu.sessions()`); the platform exposes it only through the
 * conversation's cobrowsesessions and notifications. */
export interface CobrowseOffer {
  id: string;
  conversationId: string;
  state: SessionState;
  joinCode: string;
  createdAt: string;
  dateOfferEnds: string;
  endedAt?: string;
  endReason?: Exclude<EndReason, 'agent-ended'>;
}

export interface GenesysConversationInput {
  id?: string;
  customerName?: string;
  mediaType?: MediaType;
}
