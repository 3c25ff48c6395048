// Assembles the sessions-api platform mode: its state, routes and test hooks.
import type { AuthContext } from '../context';
import { type ControlOps, conversationBody } from '../control';
import { SUPPORTED_SCOPES } from '../directory';
import { apiError, empty } from '../http';
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
> &
  SessionsApiOps;

/** Test hooks only this mode has. */
export interface SessionsApiOps {
  /** The platform no longer knows the session: GET and DELETE answer 404, lists leave it out. */
  forgetSession(id: string): void;
}

/** The control API's face of SessionsApiOps (mounted with the common control routes). */
export function sessionsApiControlRoutes(ops: SessionsApiOps): Route[] {
  return [
    {
      method: 'POST',
      pattern: '/__control/sessions/:id/forget',
      handler: (c) => {
        try {
          ops.forgetSession(c.params.id ?? '');
          return empty(204);
        } catch (error) {
          return apiError(400, 'invalid_request', error instanceof Error ? error.message : String(error));
        }
      },
    },
  ];
}

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
    forgetSession: (id) => must('forgetSession', state.forgetSession(id)),
    reset: () => state.reset(),
  };
  return { routes, ops, inputSchema: conversationBody };
}
