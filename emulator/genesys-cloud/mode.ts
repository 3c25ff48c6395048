// Assembles the genesys-cloud platform mode: OAuth as in sessions-api, the Genesys REST surface,
// the notification channels and their WebSocket stream, the vendor's (silent) desktop and the
// customer page, and the test hooks.
import type { Server } from 'node:http';
import { z } from 'zod';
import type { AuthContext } from '../context';
import type { ControlOps, StreamOps } from '../control';
import { DEMO_CLIENT_ID, findAgent } from '../directory';
import { customerRoutes } from '../pages/customer';
import { desktopRoutes } from '../pages/desktop';
import type { RequestLog } from '../request-log';
import type { Route } from '../router';
import { authorizeRoutes } from '../sessions-api/oauth-authorize';
import { tokenRoutes } from '../sessions-api/oauth-token';
import { must } from '../state';
import { genesysApiRoutes } from './api';
import { ChannelStore } from './channels';
import { GENESYS_SCOPES } from './directory';
import { plumbingError } from './errors';
import { notificationRoutes } from './notifications';
import { genesysPages } from './pages-backend';
import { conversationJson } from './render';
import { GenesysState } from './state';
import { attachStreaming, publishConversation } from './streaming';
import type { CobrowseOffer, ConversationJson, GenesysConversationInput } from './types';

export { GENESYS_SCOPES };

export interface GenesysModeOptions {
  consentTtlSeconds: number;
  channelTtlSeconds: number;
  heartbeatSeconds: number;
  rateLimit: { max: number; windowMs: number };
  observe?: { streamMessage?(text: string): void };
}

const inputSchema: z.ZodType<GenesysConversationInput> = z.strictObject({
  id: z.string().optional(),
  customerName: z.string().optional(),
  mediaType: z.enum(['webmessaging', 'sms', 'whatsapp', 'chat', 'email', 'voice']).optional(),
});

type ModeOps = Pick<
  ControlOps<ConversationJson, CobrowseOffer, GenesysConversationInput>,
  'createConversation' | 'acceptConversation' | 'endConversation' | 'sessions' | 'reset'
>;

export function genesysMode(ctx: AuthContext, opts: GenesysModeOptions, log: RequestLog) {
  const state = new GenesysState(() => opts.consentTtlSeconds * 1000);
  // What the admin configured on the OAuth client: tokens get these (the sign-in names no scope).
  let clientScopes: readonly string[] = GENESYS_SCOPES;
  ctx.clientScopes = () => clientScopes;
  const channels = new ChannelStore(
    opts.channelTtlSeconds * 1000,
    () => ctx.baseUrl(),
    opts.observe?.streamMessage,
  );
  state.onChange((conversation) => publishConversation(channels, conversation));
  const pages = genesysPages(state);
  const pageOptions = { announce: 'never', allowLabel: 'Accept' } as const;
  const routes: Route[] = [
    ...authorizeRoutes(ctx),
    ...tokenRoutes(ctx),
    ...genesysApiRoutes(ctx, state, { rateLimit: opts.rateLimit }),
    ...notificationRoutes(ctx, channels),
    ...desktopRoutes(pages, pageOptions),
    ...customerRoutes(pages, pageOptions),
  ];
  const ops: ModeOps = {
    createConversation: (input) => conversationJson(state.createConversation(input)),
    acceptConversation: (id, agentId) => must('acceptConversation', state.acceptConversation(id, agentId)),
    endConversation: (id) => must('endConversation', state.endConversation(id)),
    sessions: () => state.offers(),
    // Channels, subscriptions and sockets survive, as sign-ins do: use expireChannels() for those.
    reset: () => {
      state.reset();
      clientScopes = GENESYS_SCOPES;
    },
  };
  const stream: StreamOps = {
    dropSockets: () => channels.dropSockets(),
    closeSocketsGracefully: () => channels.closeSocketsGracefully(),
    expireChannels: () => channels.expireAll(),
    openSockets: () => channels.sockets().filter((s) => s.readyState === s.OPEN).length,
    transferConversation: (id, toAgentId) =>
      void must('transferConversation', state.transferConversation(id, toAgentId)),
    silenceSockets: () => channels.silenceSockets(),
    crowdChannels: (userId, count) => {
      if (!findAgent(userId)) throw new Error(`crowdChannels: agent ${userId} does not exist`);
      channels.crowd(userId, DEMO_CLIENT_ID, count);
    },
    maxSocketsPerChannel: () => channels.maxSocketsPerChannel,
    offerCobrowseAs: (id, agentId) => {
      // As POST …/cobrowse by that agent, permissions aside: "another agent's offer is open".
      const offer = state.offerCobrowse(id, agentId);
      if (typeof offer === 'string')
        throw new Error(`offerCobrowseAs: ${offer} (conversation ${id}, ${agentId})`);
      return offer;
    },
    setClientScopes: (scopes) => {
      const unknown = scopes.filter((s) => !(GENESYS_SCOPES as readonly string[]).includes(s));
      if (unknown.length > 0) throw new Error(`setClientScopes: unknown scope(s) ${unknown.join(', ')}`);
      clientScopes = [...scopes];
    },
    setCommunicationState: (offerId, value) =>
      void must('setCommunicationState', state.setCommunicationState(offerId, value)),
  };
  return {
    routes,
    ops,
    stream,
    inputSchema,
    error: plumbingError,
    attach: (server: Server) =>
      attachStreaming(server, channels, { heartbeatMs: opts.heartbeatSeconds * 1000, log }),
    close: () => {
      state.stopTimers();
      channels.close();
    },
  };
}
