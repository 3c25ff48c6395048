// genesys-cloud: OAuth scopes as the published definitions list them per operation, and the
// platform's 403 app.not.authorized.for.scope for a token without them.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GenesysEmulator } from '../../../emulator/server';
import { acceptedConversation, call, expectErrorBody, offerPath, start, userToken } from './helpers';

let emu: GenesysEmulator;
beforeAll(async () => {
  emu = await start();
});
beforeEach(() => emu.reset());
afterAll(() => emu.close());

describe('OAuth client scopes', () => {
  it('a sign-in naming no scope gets the client’s configured scopes (all by default)', async () => {
    const token = await userToken(emu);
    const id = acceptedConversation(emu);
    expect((await call(emu, token, 'POST', offerPath(id))).status).toBe(200);
    expect((await call(emu, token, 'GET', '/api/v2/users/me')).status).toBe(200);
    expect((await call(emu, token, 'POST', '/api/v2/notifications/channels')).status).toBe(200);
  });

  it('without conversations: 403 app.not.authorized.for.scope naming it, on the offer and the reads', async () => {
    emu.setClientScopes(['notifications', 'user-basic-info']);
    const token = await userToken(emu);
    const id = acceptedConversation(emu);
    const body = await expectErrorBody(
      await call(emu, token, 'POST', offerPath(id)),
      403,
      'app.not.authorized.for.scope',
    );
    expect(body.message).toBe('App not authorized to use scope conversations');
    await expectErrorBody(
      await call(emu, token, 'GET', `/api/v2/conversations/${id}`),
      403,
      'app.not.authorized.for.scope',
    );
    expect(emu.sessions()).toEqual([]);
    // What the client does have still works.
    expect((await call(emu, token, 'GET', '/api/v2/users/me')).status).toBe(200);
  });

  it('conversations:readonly reads but cannot offer; notifications and user-basic-info guard their calls', async () => {
    emu.setClientScopes(['conversations:readonly']);
    const token = await userToken(emu);
    const id = acceptedConversation(emu);
    expect((await call(emu, token, 'GET', `/api/v2/conversations/${id}`)).status).toBe(200);
    await expectErrorBody(await call(emu, token, 'POST', offerPath(id)), 403, 'app.not.authorized.for.scope');
    const me = await expectErrorBody(
      await call(emu, token, 'GET', '/api/v2/users/me'),
      403,
      'app.not.authorized.for.scope',
    );
    expect(me.message).toContain('user-basic-info');
    await expectErrorBody(
      await call(emu, token, 'POST', '/api/v2/notifications/channels'),
      403,
      'app.not.authorized.for.scope',
    );
  });

  it('refuses a scope it does not know, naming it', () => {
    expect(() => emu.setClientScopes(['cobrowse:write'])).toThrow(/cobrowse:write/);
  });
});
