import * as z from 'zod/mini';
import { createClient } from '../api/client';
import { NeedsSignInError, StartError } from '../api/errors';
import { platformFor } from '../platform';
import type { Configured } from './configured';
import { pendingSignIns } from './pending-sign-ins';
import { createPkcePair, randomToken } from './pkce';
import type { StoredAuth } from './token-store';

const TokenResponse = z.object({
  access_token: z.string().check(z.minLength(1)),
  token_type: z.string().check(z.regex(/^bearer$/i, 'token_type must be bearer')),
  expires_in: z.number().check(z.positive()),
  scope: z.optional(z.string()),
});

/**
 * The silent flow waits this long in total. Chrome ends a non-interactive flow at the first page
 * load unless abortOnLoadForNonInteractive is false; sign-in servers that redirect by script after
 * loading (SSO hops) then need this time to reach the redirect URI.
 */
export const SILENT_TIMEOUT_MS = 10_000;

/**
 * Chromium's keys for the silent flow (WebAuthFlowDetails). Firefox's identity schema
 * (identity.json in Firefox ESR 153) declares only `url` and `interactive`, and its schema checker
 * refuses properties it does not declare, so they are sent to Chromium only.
 */
function silentDetails() {
  if (!chrome.runtime.getURL('').startsWith('chrome-extension:')) return {};
  return { abortOnLoadForNonInteractive: false, timeoutMsForNonInteractive: SILENT_TIMEOUT_MS };
}

/**
 * One Authorization Code + PKCE flow through launchWebAuthFlow, interactive or silent: the redirect's
 * state checked, its code exchanged with the verifier stored for that state, and the token's user
 * read. Nothing is stored here; the caller decides whether the token may be kept.
 */
export async function authorize(
  settings: Configured,
  { interactive, freshLogin = false }: { interactive: boolean; freshLogin?: boolean },
): Promise<StoredAuth> {
  const platform = platformFor(settings);
  const redirectUri = chrome.identity.getRedirectURL('callback');
  const { verifier, challenge } = await createPkcePair();
  const state = randomToken(16);
  const url = platform.authorizeUrl(settings, {
    redirectUri,
    challenge,
    state,
    // Silent: a server that knows prompt=none says login_required at once rather than showing a page
    // the flow would wait SILENT_TIMEOUT_MS on.
    ...(freshLogin ? { prompt: 'login' as const } : interactive ? {} : { prompt: 'none' as const }),
  });
  await pendingSignIns.put(state, { verifier, redirectUri, startedAt: Date.now() });

  let redirect: string | undefined;
  try {
    redirect = await chrome.identity.launchWebAuthFlow(
      interactive ? { url, interactive } : { url, interactive, ...silentDetails() },
    );
  } catch (error) {
    await pendingSignIns.take(state);
    if (!interactive) throw new NeedsSignInError('silent sign-in needs the agent');
    throw new StartError({ code: 'sign-in-failed', detail: (error as Error).message });
  }
  const params = new URL(redirect ?? 'about:blank').searchParams;
  if (params.get('state') !== state) {
    await pendingSignIns.take(state);
    throw new StartError({ code: 'sign-in-failed', detail: 'state did not match' });
  }
  // The verifier of the state the redirect carries, read back from storage.session (single use).
  const pending = await pendingSignIns.take(state);
  if (!pending)
    throw new StartError({ code: 'sign-in-failed', detail: 'the sign-in took too long: sign in again' });
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
        redirect_uri: pending.redirectUri,
        client_id: settings.clientId,
        code_verifier: pending.verifier,
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
  return {
    accessToken: token.access_token,
    expiresAt: Date.now() + token.expires_in * 1000,
    scope: token.scope ? token.scope.split(' ') : settings.scopes,
    user,
    environment: settings.apiBaseUrl,
  };
}
