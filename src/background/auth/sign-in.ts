import { z } from 'zod';
import { createClient } from '../api/client';
import { NeedsSignInError, StartError } from '../api/errors';
import { platformFor } from '../platform';
import { getSettings } from '../settings';
import { createPkcePair, randomToken } from './pkce';
import { authItem, isUsable, type StoredAuth } from './token-store';

const TokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().regex(/^bearer$/i, 'token_type must be bearer'),
  expires_in: z.number().positive(),
  scope: z.string().optional(),
});

const SILENT_TIMEOUT_MS = 5_000;

export async function configured() {
  const { settings, missing } = await getSettings();
  const needed = missing.filter((key) => key !== 'desktopUrlPatterns');
  if (needed.length > 0)
    throw new StartError({ code: 'not-configured', detail: `missing: ${needed.join(', ')}` });
  return settings as typeof settings & { authBaseUrl: string; apiBaseUrl: string; clientId: string };
}

/**
 * Authorization Code + PKCE through launchWebAuthFlow. Runs in the worker so that a popup closing
 * mid-flow cannot lose it. The verifier lives only in this call's scope.
 */
export async function signIn(interactive: boolean): Promise<StoredAuth> {
  const settings = await configured();
  const platform = platformFor(settings);
  const redirectUri = chrome.identity.getRedirectURL('callback');
  const { verifier, challenge } = await createPkcePair();
  const state = randomToken(16);
  const url = platform.authorizeUrl(settings, { redirectUri, challenge, state });

  let redirect: string | undefined;
  try {
    redirect = await chrome.identity.launchWebAuthFlow(
      interactive
        ? { url, interactive }
        : { url, interactive, timeoutMsForNonInteractive: SILENT_TIMEOUT_MS },
    );
  } catch (error) {
    if (!interactive) throw new NeedsSignInError('silent sign-in needs the agent');
    throw new StartError({ code: 'sign-in-failed', detail: (error as Error).message });
  }
  const params = new URL(redirect ?? 'about:blank').searchParams;
  if (params.get('state') !== state)
    throw new StartError({ code: 'sign-in-failed', detail: 'state did not match' });
  const error = params.get('error');
  if (error) {
    if (!interactive) throw new NeedsSignInError(error);
    throw new StartError({ code: 'sign-in-failed', detail: `authorization server said ${error}` });
  }
  const code = params.get('code');
  if (!code)
    throw new StartError({ code: 'sign-in-failed', detail: 'no authorization code in the redirect' });

  const token = await createClient({ baseUrl: settings.authBaseUrl, timeoutMs: settings.requestTimeoutMs })
    .post(platform.tokenUrl(settings), {
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        client_id: settings.clientId,
        code_verifier: verifier,
      }),
    })
    .json(TokenResponse);

  // A token with no user would start sessions nobody initiated: refuse it before it is stored.
  const user = await platform.fetchUser(
    createClient({
      baseUrl: settings.apiBaseUrl,
      token: token.access_token,
      timeoutMs: settings.requestTimeoutMs,
    }),
  );
  const auth: StoredAuth = {
    accessToken: token.access_token,
    expiresAt: Date.now() + token.expires_in * 1000,
    scope: token.scope ? token.scope.split(' ') : settings.scopes,
    user,
    environment: settings.apiBaseUrl,
  };
  await authItem.set(auth);
  return auth;
}

let silent: Promise<StoredAuth> | undefined;

/** A usable token, re-authenticating silently at most once at a time; throws NeedsSignInError. */
export async function ensureAuth(options: { forceRefresh?: boolean } = {}): Promise<StoredAuth> {
  const { apiBaseUrl } = await configured();
  const auth = await authItem.get();
  if (!options.forceRefresh && isUsable(auth, apiBaseUrl)) return auth;
  silent ??= signIn(false).finally(() => {
    silent = undefined;
  });
  return silent;
}

export async function signOut(): Promise<void> {
  await authItem.remove();
}
