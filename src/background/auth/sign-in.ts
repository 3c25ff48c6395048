// The agent's sign-in, sign-out and the token every request uses. The flow itself is authorize.ts,
// the silent renewal ensure-auth.ts; callers (and tests) import all of it from here.
import { getSettings } from '../settings';
import { authorize } from './authorize';
import { configured } from './configured';
import { requireHostPermissions } from './host-permission';
import { binding, type Identity, readIdentity, writeIdentity } from './identity';
import { authItem, forgetAuth, type StoredAuth } from './token-store';

export { SILENT_TIMEOUT_MS } from './authorize';
export { configured } from './configured';
export { ensureAuth } from './ensure-auth';

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
    readIdentity(),
    requireHostPermissions(settings.authBaseUrl, settings.apiBaseUrl),
  ]);
  const auth = await authorize(settings, { interactive: true, freshLogin: previous?.signedOut === true });
  await authItem.set(auth);
  forgetAuth();
  await writeIdentity({
    userId: auth.user.id,
    name: auth.user.name,
    authBaseUrl: settings.authBaseUrl,
    apiBaseUrl: settings.apiBaseUrl,
    signedOut: false,
  });
  return { auth, previous };
}

/** Forgets the token and marks the agent signed out; the identity stays to compare the next sign-in. */
export async function signOut(): Promise<Identity | null> {
  const identity = await readIdentity();
  await authItem.remove();
  forgetAuth();
  if (identity) await writeIdentity({ ...identity, signedOut: true });
  return identity;
}

/** A changed sign-in or API URL unbinds the agent: the token is dropped before any request can use it. */
export async function dropTokenIfUnbound(): Promise<boolean> {
  const { settings } = await getSettings();
  const [auth, identity] = await Promise.all([authItem.get(), readIdentity()]);
  if (!auth || binding(identity, settings).ok) return false;
  await authItem.remove();
  forgetAuth();
  return true;
}
