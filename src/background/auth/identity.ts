import * as z from 'zod/mini';
import type { Settings } from '../../shared/settings-base';
import { cached, defineItem } from '../../shared/storage';

/**
 * Who the extension acts for. In storage.local, so it outlives the browser session (the token, in
 * storage.session, does not): the users/me id and display name of the agent who last signed in
 * interactively, the sign-in and API hosts that sign-in was for, and whether they signed out since.
 * Nothing here is a secret: none of it lets anyone call the platform as the agent.
 */
export const Identity = z.object({
  userId: z.string().check(z.minLength(1), z.maxLength(200)),
  name: z.string().check(z.maxLength(200)),
  authBaseUrl: z.string().check(z.maxLength(2048)),
  apiBaseUrl: z.string().check(z.maxLength(2048)),
  /** Set by Sign out: nothing signs the agent back in silently, the next sign-in asks for a fresh login. */
  signedOut: z.boolean(),
});
export type Identity = z.infer<typeof Identity>;

export const identityItem = defineItem('local', 'identity', z.nullable(Identity), null);

/**
 * The identity, read once per worker life and then kept in worker memory: an accept asks who is
 * bound up to three times (the stream, acceptChat, ensureAuth), a storage read each. Sign-in and
 * Sign out write through writeIdentity, which updates the memo with the write, so no caller sees
 * an agent who signed out; any other change of storage.local "identity" drops it (index.ts).
 */
const copy = cached(identityItem);

export const readIdentity = (): Promise<Identity | null> => copy.read();
export const forgetIdentity = (): void => copy.forget();

export async function writeIdentity(identity: Identity): Promise<void> {
  copy.forget(); // a read while the write is under way gets storage's answer, as without a copy
  await identityItem.set(identity);
  copy.keep(identity);
}

export type Binding =
  | { ok: true; userId: string; name: string }
  | { ok: false; why: 'never-signed-in' | 'signed-out' | 'host-changed' };

/**
 * The agent the extension may act for without asking, under these settings. Only an interactive
 * sign-in binds one; Sign out, or a changed sign-in or API URL, unbinds them.
 */
export function binding(
  identity: Identity | null,
  settings: Pick<Settings, 'authBaseUrl' | 'apiBaseUrl'>,
): Binding {
  if (!identity) return { ok: false, why: 'never-signed-in' };
  if (identity.signedOut) return { ok: false, why: 'signed-out' };
  if (identity.authBaseUrl !== settings.authBaseUrl || identity.apiBaseUrl !== settings.apiBaseUrl)
    return { ok: false, why: 'host-changed' };
  return { ok: true, userId: identity.userId, name: identity.name };
}

export const BINDING_WHY = {
  'never-signed-in': 'no agent has signed in interactively yet',
  'signed-out': 'the agent signed out',
  'host-changed': 'the sign-in or API URL changed since the agent signed in',
} as const;

/** The bound agent's id under the current settings, or undefined. */
export async function boundUserId(settings: Pick<Settings, 'authBaseUrl' | 'apiBaseUrl'>) {
  const bound = binding(await readIdentity(), settings);
  return bound.ok ? bound.userId : undefined;
}
