import * as z from 'zod/mini';
import { User } from '../../shared/messages';
import { cached, defineItem } from '../../shared/storage';

/** The agent's token, in storage.session only: gone with the browser, never readable by content scripts. */
export const StoredAuth = z.object({
  accessToken: z.string().check(z.minLength(1)),
  expiresAt: z.number(),
  scope: z.array(z.string()),
  user: User,
  environment: z.string(),
});
export type StoredAuth = z.infer<typeof StoredAuth>;

export const authItem = defineItem('session', 'auth', z.nullable(StoredAuth), null);

/** A token this close to its end is treated as expired, so it cannot lapse mid-request. */
const EXPIRY_MARGIN_MS = 15_000;

export function isUsable(auth: StoredAuth | null, environment: string, now = Date.now()): auth is StoredAuth {
  return auth !== null && auth.environment === environment && auth.expiresAt - EXPIRY_MARGIN_MS > now;
}

/**
 * The stored token, read once per worker life and then kept in worker memory (never in a page or
 * a content script): the accept-to-POST path then waits for no storage read but the record write.
 * Dropped on every change of storage.session "auth" (index.ts), whoever wrote it.
 */
const copy = cached(authItem);

export const readAuth = (): Promise<StoredAuth | null> => copy.read();
export const forgetAuth = (): void => copy.forget();
