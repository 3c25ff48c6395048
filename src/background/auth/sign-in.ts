import { z } from 'zod';
import { defineItem } from '../../shared/storage';
import { createClient } from '../api/client';
import { NeedsSignInError, SignedOutError, StartError } from '../api/errors';
import { platformFor } from '../platform';
import { withLock } from '../sessions/lock';
import { getSettings } from '../settings';
import { requireHostPermissions } from './host-permission';
import { BINDING_WHY, type Binding, binding, type Identity, identityItem } from './identity';
import { createPkcePair, randomToken } from './pkce';
import { authItem, forgetAuth, isUsable, readAuth, type StoredAuth } from './token-store';

const TokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().regex(/^bearer$/i, 'token_type must be bearer'),
  expires_in: z.number().positive(),
  scope: z.string().optional(),
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

/** A sign-in whose redirect has not come back within this is forgotten (its verifier with it). */
const PENDING_TTL_MS = 15 * 60_000;

/**
 * The PKCE verifier of each sign-in under way, by its `state`, in storage.session (never local, never
 * readable by content scripts): the code is exchanged with the verifier stored for the state the
 * redirect carries, so the pair outlives the worker that started the flow.
 */
const Pending = z.object({
  verifier: z.string().min(43).max(128),
  redirectUri: z.string(),
  startedAt: z.number(),
});
const pendingStore = defineItem('session', 'pendingSignIns', z.record(z.string(), Pending), {});

const pendingItem = {
  async put(state: string, entry: z.infer<typeof Pending>) {
    await withLock('pendingSignIns', async () => {
      const now = Date.now();
      const kept = Object.entries(await pendingStore.get()).filter(
        ([, value]) => now - value.startedAt < PENDING_TTL_MS,
      );
      await pendingStore.set({ ...Object.fromEntries(kept), [state]: entry });
    });
  },
  /** The entry for `state`, removed (single use); undefined when unknown or too old. */
  take(state: string) {
    return withLock('pendingSignIns', async () => {
      const { [state]: entry, ...rest } = await pendingStore.get();
      if (entry === undefined) return undefined;
      await pendingStore.set(rest);
      return Date.now() - entry.startedAt < PENDING_TTL_MS ? entry : undefined;
    });
  },
};

export async function configured() {
  const { settings, missing } = await getSettings();
  const needed = missing.filter((key) => key !== 'desktopUrlPatterns');
  if (needed.length > 0)
    throw new StartError({ code: 'not-configured', detail: `missing: ${needed.join(', ')}` });
  return settings as typeof settings & { authBaseUrl: string; apiBaseUrl: string; clientId: string };
}

export interface SignInResult {
  auth: StoredAuth;
  /** Who was bound before this interactive sign-in (another agent at the same desk, or the same one). */
  previous: Identity | null;
}

/**
 * Interactive sign-in (the agent pressed Sign in): Authorization Code + PKCE through
 * launchWebAuthFlow, run in the worker so that a popup closing mid-flow cannot lose it. Binds the
 * agent (identity in storage.local) to these hosts. After Sign out it asks the sign-in server for a
 * fresh login (prompt=login), so another person at the desk can sign in.
 */
export async function signIn(): Promise<SignInResult> {
  const settings = await configured();
  const [previous] = await Promise.all([
    identityItem.get(),
    requireHostPermissions(settings.authBaseUrl, settings.apiBaseUrl),
  ]);
  const auth = await authorize(settings, { interactive: true, freshLogin: previous?.signedOut === true });
  await authItem.set(auth);
  forgetAuth();
  await identityItem.set({
    userId: auth.user.id,
    name: auth.user.name,
    authBaseUrl: settings.authBaseUrl,
    apiBaseUrl: settings.apiBaseUrl,
    signedOut: false,
  });
  return { auth, previous };
}

type Configured = Awaited<ReturnType<typeof configured>>;

async function authorize(
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
  await pendingItem.put(state, { verifier, redirectUri, startedAt: Date.now() });

  let redirect: string | undefined;
  try {
    redirect = await chrome.identity.launchWebAuthFlow(
      interactive ? { url, interactive } : { url, interactive, ...silentDetails() },
    );
  } catch (error) {
    await pendingItem.take(state);
    if (!interactive) throw new NeedsSignInError('silent sign-in needs the agent');
    throw new StartError({ code: 'sign-in-failed', detail: (error as Error).message });
  }
  const params = new URL(redirect ?? 'about:blank').searchParams;
  if (params.get('state') !== state) {
    await pendingItem.take(state);
    throw new StartError({ code: 'sign-in-failed', detail: 'state did not match' });
  }
  // The verifier of the state the redirect carries, read back from storage.session (single use).
  const pending = await pendingItem.take(state);
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

/**
 * Renews the bound agent's token without a window. Refused (SignedOutError) unless an agent is bound
 * to these hosts; a token the sign-in server issues for anyone else is thrown away.
 */
async function renewSilently(settings: Configured, userId: string): Promise<StoredAuth> {
  const auth = await authorize(settings, { interactive: false });
  if (auth.user.id !== userId)
    throw new SignedOutError(`the sign-in server answered for another user (${auth.user.id})`);
  // The agent may have signed out (or changed a URL) while the flow ran: then nothing is stored.
  const now = binding(await identityItem.get(), settings);
  if (!now.ok || now.userId !== userId)
    throw new SignedOutError(BINDING_WHY[now.ok ? 'signed-out' : now.why]);
  await authItem.set(auth);
  forgetAuth();
  return auth;
}

let silent: Promise<StoredAuth> | undefined;

/**
 * A usable token for the bound agent, renewed silently at most once at a time. Without a bound agent
 * nothing is minted or sent: SignedOutError after Sign out, NeedsSignInError before the first
 * interactive sign-in or after a URL change (and when the silent renewal needs the agent).
 */
export async function ensureAuth(options: { forceRefresh?: boolean } = {}): Promise<StoredAuth> {
  const settings = await configured();
  const [auth, identity] = await Promise.all([
    readAuth(),
    identityItem.get(),
    requireHostPermissions(settings.authBaseUrl, settings.apiBaseUrl),
  ]);
  const bound = binding(identity, settings);
  // Nothing is minted or sent without a bound agent. After Sign out the start is not even queued
  // (SignedOutError); before the first sign-in, or after a URL change, it waits for the agent.
  if (!bound.ok) throw unbound(bound.why);
  if (!options.forceRefresh && isUsable(auth, settings.apiBaseUrl) && auth.user.id === bound.userId)
    return auth;
  silent ??= renewSilently(settings, bound.userId).finally(() => {
    silent = undefined;
  });
  return silent;
}

function unbound(why: Exclude<Binding, { ok: true }>['why']): NeedsSignInError {
  return why === 'signed-out' ? new SignedOutError(BINDING_WHY[why]) : new NeedsSignInError(BINDING_WHY[why]);
}

/** Forgets the token and marks the agent signed out; the identity stays to compare the next sign-in. */
export async function signOut(): Promise<Identity | null> {
  const identity = await identityItem.get();
  await authItem.remove();
  forgetAuth();
  if (identity) await identityItem.set({ ...identity, signedOut: true });
  return identity;
}

/** A changed sign-in or API URL unbinds the agent: the token is dropped before any request can use it. */
export async function dropTokenIfUnbound(): Promise<boolean> {
  const { settings } = await getSettings();
  const [auth, identity] = await Promise.all([authItem.get(), identityItem.get()]);
  if (!auth || binding(identity, settings).ok) return false;
  await authItem.remove();
  forgetAuth();
  return true;
}
