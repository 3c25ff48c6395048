import { isHTTPError, type KyInstance } from 'ky';
import type * as z from 'zod/mini';
import type { Cause } from '../../shared/causes';
import { describeHttpError, StartError } from '../api/errors';

/**
 * `GET /api/v2/users/me`, the same on both platforms: both refuse a token without a user (client
 * credentials) with a 400, which is exactly the mistake this extension exists to name.
 */
export async function readUsersMe<S extends z.ZodMiniType>(
  api: KyInstance,
  schema: S,
  searchParams?: Record<string, string>,
): Promise<z.output<S>> {
  try {
    // ky validates with the schema (a mismatch is a SchemaValidationError, i.e. bad-response).
    return (await api.get('api/v2/users/me', { searchParams }).json(schema)) as z.output<S>;
  } catch (error) {
    if (isHTTPError(error) && error.response.status === 400) {
      const failure = describeHttpError(error);
      throw new StartError({ code: 'no-user-in-token', detail: failure.code }, 400, failure.contextId);
    }
    throw error;
  }
}

/** A conversation, or undefined when the platform does not know it (404). */
export async function readConversation<S extends z.ZodMiniType>(
  api: KyInstance,
  id: string,
  schema: S,
): Promise<z.output<S> | undefined> {
  try {
    return (await api.get(`api/v2/conversations/${encodeURIComponent(id)}`).json(schema)) as z.output<S>;
  } catch (error) {
    if (isHTTPError(error) && error.response.status === 404) return undefined;
    throw error;
  }
}

/** What a diagnosis reports when one of its own checks fails: the cause that check named, or that it could not finish. */
export function diagnosisFailed(error: unknown): Cause {
  if (error instanceof StartError) return error.reason;
  return { code: 'unexplained-400', detail: `diagnosis could not finish: ${(error as Error).message}` };
}
