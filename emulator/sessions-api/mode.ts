// Assembles the sessions-api platform mode: its state, routes and test hooks.
import type { AuthContext } from '../context';
import { type ControlOps, conversationBody } from '../control';
import { SUPPORTED_SCOPES } from '../directory';
import { customerRoutes } from '../pages/customer';
import { desktopRoutes } from '../pages/desktop';
import type { Route } from '../router';
import { must, PlatformState } from '../state';
import type { CobrowseSession, Conversation } from '../types';
import { sessionsApiRoutes } from './index';
import { sessionsApiPages } from './pages-backend';

export const SESSIONS_API_SCOPES = SUPPORTED_SCOPES;

type ModeOps = Pick<
  ControlOps<Conversation, CobrowseSession>,
  'createConversation' | 'acceptConversation' | 'endConversation' | 'sessions' | 'reset'
>;

export function sessionsApiMode(ctx: AuthContext, consentTtlSeconds: number) {
  const state = new PlatformState(
    () => consentTtlSeconds * 1000,
    () => ctx.baseUrl(),
  );
  const pages = sessionsApiPages(state);
  const pageOptions = { announce: 'configurable', allowLabel: 'Allow' } as const;
  const routes: Route[] = [
    ...sessionsApiRoutes({ ...ctx, state }),
    ...desktopRoutes(pages, pageOptions),
    ...customerRoutes(pages, pageOptions),
  ];
  const ops: ModeOps = {
    createConversation: (input) => state.createConversation(input),
    acceptConversation: (id, agentId) => must('acceptConversation', state.acceptConversation(id, agentId)),
    endConversation: (id) => must('endConversation', state.endConversation(id)),
    sessions: () => state.sessions(),
    reset: () => state.reset(),
  };
  return { routes, ops, inputSchema: conversationBody };
}
