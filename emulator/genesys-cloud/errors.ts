// Genesys Cloud's ErrorBody, and the standard answers whose wording the real platform uses.
import { randomUUID } from 'node:crypto';
import { json, type Reply } from '../http';
import type { ErrorBodyJson } from './types';

/** Every error gets its own contextId, as the real platform's do (support asks for it). */
export function errorBody(
  status: number,
  code: string,
  message: string,
  extra: {
    /** messageWithParams: the message with {name} placeholders that messageParams fill. */
    template?: { text: string; params: Record<string, string> };
    headers?: Record<string, string>;
  } = {},
): Reply {
  const body: ErrorBodyJson = {
    message,
    code,
    status,
    ...(extra.template
      ? { messageWithParams: extra.template.text, messageParams: extra.template.params }
      : {}),
    contextId: randomUUID(),
    details: [],
    errors: [],
  };
  return json(status, body, extra.headers);
}

export const USER_CONTEXT_REQUIRED =
  'This request requires a user context. Client credentials cannot be used for requests to this resource.';

export const userContextRequired = (): Reply => errorBody(400, 'bad.request', USER_CONTEXT_REQUIRED);

export const notFound = (): Reply => errorBody(404, 'not.found', 'The requested resource was not found.');

export const notAuthorized = (message = 'You are not authorized to perform the requested action.'): Reply =>
  errorBody(403, 'not.authorized', message);

export const badRequest = (message: string): Reply => errorBody(400, 'bad.request', message);

/** The platform's wording when a caller lacks every one of the permissions a resource accepts. */
export function missingAnyPermissions(permissions: readonly string[]): Reply {
  return permissionError(
    'missing.any.permissions',
    'Unable to perform the requested action. You must have at least one of the following permissions assigned: {permissions}',
    permissions,
  );
}

export function missingPermissions(permissions: readonly string[]): Reply {
  return permissionError(
    'missing.permissions',
    'Unable to perform the requested action. You are missing the following permission(s): {permissions}',
    permissions,
  );
}

function permissionError(code: string, text: string, permissions: readonly string[]): Reply {
  const list = `[${permissions.join(', ')}]`;
  return errorBody(403, code, text.replace('{permissions}', list), {
    template: { text, params: { permissions: list } },
  });
}

/** Genesys codes for the answers the emulator's plumbing gives (unrouted requests, injected faults). */
const PLUMBING_CODES: Record<number, string> = {
  400: 'bad.request',
  401: 'bad.credentials',
  403: 'not.authorized',
  404: 'not.found',
  405: 'method.not.allowed',
  408: 'request.timeout',
  413: 'request.entity.too.large',
  415: 'unsupported.media.type',
  429: 'too.many.requests',
  500: 'internal.server.error',
  503: 'service.unavailable',
  504: 'authentication.request.timeout',
};

export function plumbingError(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
  params: { scope?: string } = {},
): Reply {
  if (code === 'missing_scope' && params.scope) return appNotAuthorizedForScope([params.scope]);
  return errorBody(status, PLUMBING_CODES[status] ?? 'general.error', message, { headers });
}

/**
 * A token whose OAuth client lacks a scope the route needs. Code and wording as a real answer
 * captured by a Genesys client ("App not authorized to use scope [telephony:readonly, telephony]");
 * see docs/genesys-cloud.md.
 */
export function appNotAuthorizedForScope(scopes: readonly string[]): Reply {
  const text = 'App not authorized to use scope {scopes}';
  const list = `[${scopes.join(', ')}]`;
  return errorBody(403, 'app.not.authorized.for.scope', text.replace('{scopes}', list), {
    template: { text, params: { scopes: list } },
  });
}
