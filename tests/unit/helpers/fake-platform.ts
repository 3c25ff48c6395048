import { HTTPError, NetworkError } from 'ky';
import type { Platform, RemoteSession, StartRequest } from '../../../src/background/platform/types';
import type { Cause } from '../../../src/shared/causes';

export type Script = 'ok' | 'lost-after-create' | 'network' | 400 | 401;

export function httpError(
  status: number,
  body: unknown = { errors: [{ code: 'invalid_request', message: 'x' }], contextId: 'ctx-1' },
) {
  const request = new Request('http://127.0.0.1/api');
  const error = new HTTPError(new Response(JSON.stringify(body), { status }), request, {} as never);
  error.data = body;
  return error;
}

/**
 * A platform that really keeps sessions, with a script for what each POST does. `posts` records
 * every create request the worker sent, so tests count them.
 */
export function fakePlatform(script: Script[] = []) {
  const sessions: RemoteSession[] = [];
  const posts: StartRequest[] = [];
  const ended: string[] = [];
  const gets: string[] = [];
  let diagnosis: Cause = { code: 'agent-not-connected' };
  let user = { id: 'agent-ada', name: 'Ada' };
  const create = (request: StartRequest): RemoteSession => {
    const session: RemoteSession = {
      id: `s-${sessions.length + 1}`,
      state: 'pending',
      conversationId: request.conversationId,
      externalSessionId: request.externalSessionId,
    };
    sessions.push(session);
    return session;
  };
  const platform: Platform = {
    authorizeUrl: (_settings, { state, prompt }) =>
      `http://127.0.0.1/oauth/authorize?state=${state}${prompt ? `&prompt=${prompt}` : ''}`,
    tokenUrl: () => 'http://127.0.0.1/oauth/token',
    fetchUser: async () => user,
    async start(_api, request) {
      posts.push(request);
      const step = script.shift() ?? 'ok';
      if (step === 'ok') return create(request);
      if (step === 'lost-after-create') {
        create(request);
        throw new NetworkError(new Request('http://127.0.0.1/api'));
      }
      if (step === 'network') throw new NetworkError(new Request('http://127.0.0.1/api'));
      throw httpError(step);
    },
    findAttempt: async (_api, { externalSessionId }) =>
      sessions.find((s) => s.externalSessionId === externalSessionId),
    get: async (_api, { id }) => {
      gets.push(id);
      const found = sessions.find((s) => s.id === id);
      if (!found) throw httpError(404);
      return found;
    },
    async end(_api, { id }) {
      ended.push(id);
      const found = sessions.find((s) => s.id === id);
      if (!found) throw httpError(404);
      Object.assign(found, { state: 'ended', endReason: 'agent-ended' });
    },
    canEnd: true,
    diagnose: async () => diagnosis,
  };
  return {
    platform,
    sessions,
    posts,
    ended,
    gets,
    diagnoseAs(cause: Cause) {
      diagnosis = cause;
    },
    /** Who users/me says the next token belongs to (another agent at the same desk). */
    signInAs(next: { id: string; name: string }) {
      user = next;
    },
  };
}
