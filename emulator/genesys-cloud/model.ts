// The genesys-cloud mode's internal records. conversations.ts and offers.ts change them; render.ts
// turns them into the platform's JSON.
import { randomUUID } from 'node:crypto';
import type { Agent } from '../directory';
import type { CobrowseOffer, CommunicationJson, DisconnectType, MediaType } from './types';

/** Kept exactly as the platform renders it, so render.ts copies it without mapping. */
export type Communication = CommunicationJson;

export interface CobrowseCommunication extends Communication {
  /** The offer's id (cobrowseSessionId); the communication has its own `id`. */
  offerId: string;
}

export interface Party {
  id: string;
  purpose: 'customer' | 'agent' | 'user';
  userId?: string;
  name: string;
  startTime: string;
  connectedTime?: string;
  endTime?: string;
  /** The conversation's own medium: a message, chat, email or call. */
  media: Communication;
  /** Co-browse offers to this (customer) participant; each id equals its offer's id. */
  cobrowse: CobrowseCommunication[];
}

export interface ConversationRecord {
  id: string;
  mediaType: MediaType;
  startTime: string;
  endTime?: string;
  parties: Party[];
}

export type { CobrowseOffer };

export const now = (): string => new Date().toISOString();

export function connect(comm: Communication, at = now()): void {
  comm.state = 'connected';
  comm.connectedTime = at;
}

export function disconnect(comm: Communication, type: DisconnectType, at = now()): void {
  if (comm.state === 'disconnected') return;
  comm.state = 'disconnected';
  comm.disconnectedTime = at;
  comm.disconnectType = type;
}

/** A new conversation: the customer is already connected on its medium. */
export function newConversation(id: string, mediaType: MediaType, customerName: string): ConversationRecord {
  const at = now();
  return {
    id,
    mediaType,
    startTime: at,
    parties: [
      {
        id: randomUUID(),
        purpose: 'customer',
        name: customerName,
        startTime: at,
        connectedTime: at,
        media: { id: randomUUID(), state: 'connected', initialState: 'connected', connectedTime: at },
        cobrowse: [],
      },
    ],
  };
}

/** The agent who answered: alerted and connected in the same instant. A user reached directly
 * (a transfer to a person rather than a queue) has purpose `user`. */
export function newAgentParty(agent: Agent, purpose: 'agent' | 'user' = 'agent'): Party {
  const at = now();
  return {
    id: randomUUID(),
    purpose,
    userId: agent.id,
    name: agent.name,
    startTime: at,
    connectedTime: at,
    media: {
      id: randomUUID(),
      state: 'connected',
      initialState: 'alerting',
      startAlertingTime: at,
      connectedTime: at,
    },
    cobrowse: [],
  };
}
