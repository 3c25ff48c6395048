// Issue 14 item 8: the emulator is as strict as the platform, so a client's slip (a dropped
// `scope`, a userless token, someone else's session) fails here as it would in production.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CobrowseSession, Emulator } from '../../../emulator/server';
import {
  call,
  codeGrant,
  expectError,
  postSession,
  SESSIONS,
  serviceToken,
  snapshot,
  start,
  tokenRequest,
  userToken,
} from './helpers';

let emu: Emulator;
let ada: string;
let grace: string;
let service: string;
let adaSession: CobrowseSession;

beforeAll(async () => {
  emu = await start({ consentTtlSeconds: 120, rateLimit: { max: 10_000, windowMs: 1000 } });
  ada = await userToken(emu);
  grace = await userToken(emu, { agent: 'agent-grace' });
  service = await serviceToken(emu);
  const res = await postSession(emu, ada);
  expect(res.status).toBe(201);
  adaSession = (await res.json()) as CobrowseSession;
});
afterAll(() => emu.close());

describe('a request without scope gets no scopes', () => {
  it('authorization code: no scope parameter, an empty grant, and the POST is refused for cobrowse:write', async () => {
    const res = await codeGrant(emu, { scope: null });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { access_token: string; scope: string };
    expect(body.scope).toBe('');
    const post = await postSession(emu, body.access_token);
    const { message } = await expectError(post, 403, 'missing_scope');
    expect(message).toContain('cobrowse:write');
  });

  it('an empty scope parameter is the same as none', async () => {
    const body = (await (await codeGrant(emu, { scope: '' })).json()) as { scope: string };
    expect(body.scope).toBe('');
  });

  it('client credentials: no scope parameter, an empty grant', async () => {
    const res = await tokenRequest(emu, {
      grant_type: 'client_credentials',
      client_id: 'service-client',
      client_secret: 'service-secret',
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { scope: string }).scope).toBe('');
  });

  it('a named scope is granted exactly, and only it', async () => {
    const body = (await (await codeGrant(emu, { scope: 'users:read' })).json()) as { scope: string };
    expect(body.scope).toBe('users:read');
  });
});

describe('sessions belong to their initiator', () => {
  const one = () => `${SESSIONS}/${adaSession.id}`;

  it('the initiator reads, lists and finds their session', async () => {
    expect((await call(emu, ada, 'GET', one())).status).toBe(200);
    const list = await call(emu, ada, 'GET', `${SESSIONS}?conversationId=${adaSession.conversationId}`);
    expect(((await list.json()) as { entities: CobrowseSession[] }).entities.map((s) => s.id)).toEqual([
      adaSession.id,
    ]);
  });

  it('a client-credentials token is refused reading, listing and ending: 400 user context required', async () => {
    const before = snapshot(emu);
    for (const [method, path] of [
      ['GET', one()],
      ['GET', `${SESSIONS}?externalSessionId=${adaSession.externalSessionId}`],
      ['GET', `${SESSIONS}?conversationId=${adaSession.conversationId}`],
      ['DELETE', one()],
    ] as const) {
      await expectError(await call(emu, service, method, path), 400, 'user_context_required');
    }
    expect(snapshot(emu)).toBe(before);
  });

  it("another agent's token finds no such session: 404 on read and end, left out of lists", async () => {
    const before = snapshot(emu);
    await expectError(await call(emu, grace, 'GET', one()), 404, 'not_found');
    await expectError(await call(emu, grace, 'DELETE', one()), 404, 'not_found');
    for (const query of [
      `externalSessionId=${adaSession.externalSessionId}`,
      `conversationId=${adaSession.conversationId}`,
    ]) {
      const list = await call(emu, grace, 'GET', `${SESSIONS}?${query}`);
      expect(list.status).toBe(200);
      expect(await list.json()).toEqual({ entities: [] });
    }
    expect(snapshot(emu)).toBe(before);
    expect(emu.sessions().find((s) => s.id === adaSession.id)?.state).toBe('pending');
  });

  it('the initiator can end it; then it is ended for them and still absent for others', async () => {
    expect((await call(emu, ada, 'DELETE', one())).status).toBe(204);
    const read = (await (await call(emu, ada, 'GET', one())).json()) as CobrowseSession;
    expect(read).toMatchObject({ state: 'ended', endReason: 'agent-ended' });
    await expectError(await call(emu, grace, 'GET', one()), 404, 'not_found');
  });
});

describe('fault: a token without a scope', () => {
  it('missingScope answers 403 missing_scope naming the scope, whatever the token holds', async () => {
    emu.injectFault(`POST ${SESSIONS}`, { missingScope: 'cobrowse:write' });
    const { message } = await expectError(await postSession(emu, ada), 403, 'missing_scope');
    expect(message).toContain('cobrowse:write');
    expect(emu.requestLog().at(-1)?.fault).toBe('missing scope cobrowse:write');
  });
});
