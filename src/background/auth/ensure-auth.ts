import { NeedsSignInError, SignedOutError } from '../api/errors';
import { authorize } from './authorize';
import { type Configured, configured } from './configured';
import { requireHostPermissions } from './host-permission';
import { BINDING_WHY, type Binding, binding, readIdentity } from './identity';
import { authItem, forgetAuth, isUsable, readAuth, type StoredAuth } from './token-store';

/**
 * Renews the bound agent's token without a window. Refused (SignedOutError) unless an agent is bound
 * to these hosts; a token the sign-in server issues for anyone else is thrown away.
 */
async function renewSilently(settings: Configured, userId: string): Promise<StoredAuth> {
  const auth = await authorize(settings, { interactive: false });
  if (auth.user.id !== userId)
    throw new SignedOutError(`the sign-in server answered for another user (${auth.user.id})`);
  // The agent may have signed out (or changed a URL) while the flow ran: then nothing is stored.
  const now = binding(await readIdentity(), settings);
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
    readIdentity(),
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
