import { type HTTPError, isHTTPError, isNetworkError, isTimeoutError, SchemaValidationError } from 'ky';
import * as z from 'zod/mini';
import type { Cause, CauseCode } from '../../shared/causes';
import { clipOptional, LIMITS } from '../../shared/clip';

/** A start that cannot succeed as it is: carries the cause the popup explains, and what the API said. */
export class StartError extends Error {
  readonly reason: Cause;
  readonly contextId?: string;
  constructor(
    reason: Cause,
    readonly httpStatus?: number,
    contextId?: string,
  ) {
    // The detail and contextId often come from the server: cut to what a record may hold.
    const detail = clipOptional(reason.detail, LIMITS.detail);
    super(`Co-browse start failed: ${reason.code}${detail ? ` (${detail})` : ''}`);
    this.name = 'StartError';
    this.reason = detail === reason.detail ? reason : { ...reason, detail };
    this.contextId = clipOptional(contextId, LIMITS.contextId);
  }
}

/** The agent must sign in interactively before anything can be sent. */
export class NeedsSignInError extends Error {
  constructor(reason: string) {
    super(`Sign-in needed: ${reason}`);
    this.name = 'NeedsSignInError';
  }
}

/**
 * No agent may be acted for silently: they signed out, never signed in here, or the sign-in or API
 * host changed since. Only an interactive sign-in ends this; nothing mints or sends a token before.
 */
export class SignedOutError extends NeedsSignInError {
  constructor(reason: string) {
    super(reason);
    this.name = 'SignedOutError';
  }
}

/**
 * Error bodies of both platforms: sessions-api's `{ errors: [{ code, message }], contextId }` and
 * Genesys Cloud's ErrorBody `{ message, code, status, contextId, details, errors }`.
 */
export const PlatformErrorBody = z.object({
  code: z.optional(z.string()),
  message: z.optional(z.string()),
  errors: z._default(
    z.array(z.looseObject({ code: z.optional(z.string()), message: z.optional(z.string()) })),
    [],
  ),
  contextId: z.optional(z.string()),
});

export interface HttpFailure {
  status: number;
  code?: string;
  message?: string;
  contextId?: string;
  retryAfter?: string;
}

export function describeHttpError(error: HTTPError): HttpFailure {
  const body = PlatformErrorBody.safeParse(error.data);
  const first = body.data?.errors[0];
  // Every string here is the server's choice, of any length: cut before it reaches a schema.
  return {
    status: error.response.status,
    code: clipOptional(body.data?.code ?? first?.code, LIMITS.code),
    message: clipOptional(body.data?.message ?? first?.message, LIMITS.message),
    contextId: clipOptional(body.data?.contextId, LIMITS.contextId),
    retryAfter: clipOptional(error.response.headers.get('retry-after') ?? undefined, LIMITS.code),
  };
}

const STATUS_CAUSES: Record<number, CauseCode> = {
  401: 'unauthorized',
  403: 'forbidden',
  415: 'unsupported-media-type',
  429: 'rate-limited',
};

/** Codes that mean "the token lacks a scope": sessions-api's, and Genesys Cloud's 403 code. */
const MISSING_SCOPE_CODES = new Set(['missing_scope', 'app.not.authorized.for.scope']);

/**
 * The scope a missing-scope refusal names ("App not authorized to use scope conversations",
 * "The access token lacks the scope cobrowse:write."), so the agent can be told which one.
 */
export function scopeNamed(message: string | undefined): string | undefined {
  return /\bscope\s+([\x21\x23-\x5B\x5D-\x7E]+?)\.?$/.exec(message?.trim() ?? '')?.[1];
}

/** Maps anything a request can throw to a StartError, keeping the transport detail for diagnosis. */
export function toStartError(error: unknown): StartError {
  if (error instanceof StartError) return error;
  if (isHTTPError(error)) {
    const failure = describeHttpError(error);
    if (failure.code && MISSING_SCOPE_CODES.has(failure.code)) {
      const detail = scopeNamed(failure.message) ?? `HTTP ${failure.status} ${failure.code}`;
      return new StartError({ code: 'missing-scope', detail }, failure.status, failure.contextId);
    }
    const code: CauseCode =
      STATUS_CAUSES[failure.status] ?? (failure.status >= 500 ? 'server-error' : 'unexplained-400');
    return new StartError(
      { code, detail: `HTTP ${failure.status} ${failure.code ?? ''}`.trim() },
      failure.status,
      failure.contextId,
    );
  }
  if (error instanceof SchemaValidationError) {
    return new StartError({
      code: 'bad-response',
      detail: 'The response did not match the expected schema.',
    });
  }
  if (error instanceof SyntaxError)
    return new StartError({ code: 'bad-response', detail: 'The response was not JSON.' });
  if (isTimeoutError(error)) return new StartError({ code: 'timeout', detail: error.message });
  if (isNetworkError(error)) return new StartError({ code: 'network', detail: error.message });
  return new StartError({ code: 'network', detail: error instanceof Error ? error.message : String(error) });
}

export function isTransient(error: unknown): boolean {
  return (
    isNetworkError(error) || isTimeoutError(error) || (error instanceof TypeError && !isHTTPError(error))
  );
}
