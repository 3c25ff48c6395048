import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Emulator } from '../../../emulator/server';
import { call, getCode, pkce, redeem, signIn, start, tokenRequest } from './helpers';

let emu: Emulator;
let cookie: string;
beforeAll(async () => {
  emu = await start({ codeTtlSeconds: 60 });
  cookie = await signIn(emu);
});
afterAll(() => emu.close());
afterEach(() => vi.useRealTimers());

async function oauthError(res: Response, status: number, error: string): Promise<string> {
  expect(res.status).toBe(status);
  expect(res.headers.get('cache-control')).toBe('no-store');
  const body = (await res.json()) as { error: string; error_description: string };
  expect(body.error).toBe(error);
  return body.error_description;
}

describe('POST /oauth/token, authorization_code + PKCE', () => {
  it('exchanges a code for a bearer token without a refresh token', async () => {
    const { code, verifier } = await getCode(emu, cookie, { scope: 'cobrowse:write users:read' });
    const res = await redeem(emu, code, verifier);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({
      access_token: expect.any(String),
      token_type: 'bearer',
      expires_in: 3600,
      scope: 'cobrowse:write users:read',
    });
    const me = await call(emu, String(body.access_token), 'GET', '/api/v2/users/me');
    expect(await me.json()).toEqual({ id: 'agent-ada', name: 'Ada Lovelace', email: 'ada@example.com' });
  });

  it('refuses a wrong verifier, and the refusal does not burn the code', async () => {
    const { code, verifier } = await getCode(emu, cookie);
    expect(await oauthError(await redeem(emu, code, pkce().verifier), 400, 'invalid_grant')).toMatch(
      /code_verifier/,
    );
    expect((await redeem(emu, code, verifier)).status).toBe(200);
  });

  it('refuses a reused code and revokes the token it issued', async () => {
    const { code, verifier } = await getCode(emu, cookie);
    const first = (await (await redeem(emu, code, verifier)).json()) as { access_token: string };
    expect(await oauthError(await redeem(emu, code, verifier), 400, 'invalid_grant')).toMatch(/already used/);
    expect((await call(emu, first.access_token, 'GET', '/api/v2/users/me')).status).toBe(401);
  });

  it('refuses an expired code', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { code, verifier } = await getCode(emu, cookie);
    vi.setSystemTime(Date.now() + 60_001);
    expect(await oauthError(await redeem(emu, code, verifier), 400, 'invalid_grant')).toMatch(/expired/);
  });

  it('refuses a redirect_uri that differs from the authorization request', async () => {
    const { code, verifier } = await getCode(emu, cookie);
    const res = await redeem(emu, code, verifier, { redirect_uri: 'https://evil.example/callback' });
    expect(await oauthError(res, 400, 'invalid_grant')).toMatch(/redirect_uri/);
  });

  it('refuses an unknown code', async () => {
    await oauthError(await redeem(emu, 'not-a-code', pkce().verifier), 400, 'invalid_grant');
  });

  it.each([
    ['code_verifier', /code_verifier/],
    ['code', /code/],
    ['redirect_uri', /redirect_uri/],
    ['grant_type', /grant_type/],
  ])('refuses a request without %s', async (missing, description) => {
    const form: Record<string, string> = {
      grant_type: 'authorization_code',
      code: 'x',
      code_verifier: pkce().verifier,
      redirect_uri: emu.redirectUri,
      client_id: emu.clientId,
    };
    delete form[missing];
    expect(await oauthError(await tokenRequest(emu, form), 400, 'invalid_request')).toMatch(description);
  });

  it('refuses a verifier that is too short to be one', async () => {
    const { code } = await getCode(emu, cookie);
    await oauthError(await redeem(emu, code, 'short'), 400, 'invalid_request');
  });

  it('refuses an unknown client with 401 invalid_client', async () => {
    const { code, verifier } = await getCode(emu, cookie);
    await oauthError(await redeem(emu, code, verifier, { client_id: 'nobody' }), 401, 'invalid_client');
  });

  it('refuses a secret for the public client', async () => {
    const { code, verifier } = await getCode(emu, cookie);
    await oauthError(await redeem(emu, code, verifier, { client_secret: 'x' }), 401, 'invalid_client');
  });

  it('refuses a body that is not form-encoded', async () => {
    const res = await fetch(`${emu.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'authorization_code' }),
    });
    await oauthError(res, 400, 'invalid_request');
  });

  it('refuses an unknown grant type and refresh_token', async () => {
    const form = { grant_type: 'refresh_token', refresh_token: 'x', client_id: emu.clientId };
    await oauthError(await tokenRequest(emu, form), 400, 'unsupported_grant_type');
  });

  it('refuses client_credentials for the public demo client', async () => {
    const form = { grant_type: 'client_credentials', client_id: emu.clientId };
    await oauthError(await tokenRequest(emu, form), 400, 'unauthorized_client');
  });
});

describe('POST /oauth/token, client_credentials', () => {
  it('gives the confidential client a token with no user in it', async () => {
    const res = await tokenRequest(emu, {
      grant_type: 'client_credentials',
      client_id: 'service-client',
      client_secret: 'service-secret',
      scope: 'cobrowse:write',
    });
    const body = (await res.json()) as { access_token: string; scope: string; token_type: string };
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ token_type: 'bearer', scope: 'cobrowse:write' });
    expect(body).not.toHaveProperty('refresh_token');
  });

  it('accepts HTTP Basic client authentication', async () => {
    const basic = Buffer.from('service-client:service-secret').toString('base64');
    const res = await tokenRequest(
      emu,
      { grant_type: 'client_credentials' },
      { authorization: `Basic ${basic}` },
    );
    expect(res.status).toBe(200);
  });

  it('refuses a wrong secret, with a Basic challenge when Basic was used', async () => {
    const form = { grant_type: 'client_credentials', client_id: 'service-client', client_secret: 'guess' };
    await oauthError(await tokenRequest(emu, form), 401, 'invalid_client');
    const basic = Buffer.from('service-client:guess').toString('base64');
    const res = await tokenRequest(
      emu,
      { grant_type: 'client_credentials' },
      { authorization: `Basic ${basic}` },
    );
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic/);
    await oauthError(res, 401, 'invalid_client');
  });

  it('refuses an unknown scope', async () => {
    const form = {
      grant_type: 'client_credentials',
      client_id: 'service-client',
      client_secret: 'service-secret',
      scope: 'everything',
    };
    await oauthError(await tokenRequest(emu, form), 400, 'invalid_scope');
  });

  it('refuses the authorization_code grant for the service client', async () => {
    const form = {
      grant_type: 'authorization_code',
      client_id: 'service-client',
      client_secret: 'service-secret',
      code: 'x',
    };
    await oauthError(await tokenRequest(emu, form), 400, 'unauthorized_client');
  });
});
