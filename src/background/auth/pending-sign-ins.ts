import * as z from 'zod/mini';
import { defineItem } from '../../shared/storage';
import { withLock } from '../sessions/lock';

/** A sign-in whose redirect has not come back within this is forgotten (its verifier with it). */
const PENDING_TTL_MS = 15 * 60_000;

/**
 * The PKCE verifier of each sign-in under way, by its `state`, in storage.session (never local, never
 * readable by content scripts): the code is exchanged with the verifier stored for the state the
 * redirect carries, so the pair outlives the worker that started the flow.
 */
const Pending = z.object({
  verifier: z.string().check(z.minLength(43), z.maxLength(128)),
  redirectUri: z.string(),
  startedAt: z.number(),
});
const pendingStore = defineItem('session', 'pendingSignIns', z.record(z.string(), Pending), {});

export const pendingSignIns = {
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
