import * as z from 'zod/mini';

/**
 * Stable cause codes for a failed start. The popup turns each into one sentence (cause and fix)
 * through chrome.i18n (`cause_<code with _>`); diagnostics and logs carry only the code.
 */
export const CAUSE_CODES = [
  'no-user-in-token',
  'missing-scope',
  'missing-permission',
  'initiator-mismatch',
  'accepted-by-other',
  'conversation-not-found',
  'conversation-ended',
  'agent-not-connected',
  'unsupported-media',
  'not-eligible',
  'session-already-open',
  'invalid-payload',
  'unexplained-400',
  'unauthorized',
  'forbidden',
  'rate-limited',
  'server-error',
  'network',
  'timeout',
  'bad-response',
  'not-configured',
  'sign-in-failed',
  'unsupported-media-type',
  'signed-out',
  'host-permission-missing',
] as const;

export const CauseCode = z.enum(CAUSE_CODES);
export type CauseCode = z.infer<typeof CauseCode>;

export const Cause = z.object({
  code: CauseCode,
  /** A short technical detail for diagnostics (never a token, code or verifier). */
  detail: z.optional(z.string().check(z.maxLength(500))),
  /**
   * The people a cause names in its sentence ($1, $2), e.g. `accepted-by-other`: who accepted the chat
   * and who is signed in. Agents' display names, shown to the agent; left out of the diagnostics export.
   */
  people: z.optional(
    z.object({
      acceptedBy: z.string().check(z.maxLength(200)),
      signedInAs: z.string().check(z.maxLength(200)),
    }),
  ),
  /** How long the platform asked us to wait (Retry-After of a 429 or 503), in ms: the popup shows it. */
  retryAfterMs: z.optional(z.int().check(z.nonnegative())),
});
export type Cause = z.infer<typeof Cause>;

export function causeMessageKey(code: CauseCode): string {
  return `cause_${code.replaceAll('-', '_')}`;
}
