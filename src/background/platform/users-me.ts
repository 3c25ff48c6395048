import { isHTTPError, type KyInstance } from 'ky';
import type { z } from 'zod';
import { describeHttpError, StartError } from '../api/errors';

/**
 * `GET /api/v2/users/me`, the same on both platforms: both refuse a token without a user (client
 * credentials) with a 400, which is exactly the mistake this extension exists to name.
 */
export async function readUsersMe<S extends z.ZodType>(
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
