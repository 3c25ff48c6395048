import browser from 'webextension-polyfill';
import { authItem } from './auth/token-store';
import { allRecords } from './sessions/records';
import { getSettings } from './settings';

const ATTEMPTS_IN_REPORT = 50;

/**
 * A report for a support ticket. Built field by field from an allow-list, never by copying
 * storage wholesale, so a token, code or verifier has no path into it.
 */
export async function buildDiagnostics(): Promise<Record<string, unknown>> {
  const [effective, auth, records] = await Promise.all([getSettings(), authItem.get(), allRecords()]);
  const attempts = records
    .flatMap((r) => r.attempts.map((a) => ({ conversationId: r.conversationId, state: r.state, ...a })))
    .sort((a, b) => b.startedAt - a.startedAt)
    .slice(0, ATTEMPTS_IN_REPORT)
    .map((a) => ({
      time: new Date(a.startedAt).toISOString(),
      conversationId: a.conversationId,
      externalSessionId: a.externalSessionId,
      httpStatus: a.httpStatus ?? null,
      contextId: a.contextId ?? null,
      cause: a.cause?.code ?? null,
      causeDetail: a.cause?.detail ?? null,
      timingsMs: a.timings,
    }));
  return withoutUrlCredentials({
    generatedAt: new Date().toISOString(),
    extensionVersion: browser.runtime.getManifest().version,
    browser: navigator.userAgent,
    settings: effective.settings,
    settingsProblems: effective.problems,
    managedKeys: effective.managedKeys,
    signIn: auth
      ? {
          signedIn: auth.expiresAt > Date.now(),
          userId: auth.user.id,
          userName: auth.user.name,
          environment: auth.environment,
          expiresAt: new Date(auth.expiresAt).toISOString(),
          scope: auth.scope,
        }
      : { signedIn: false },
    conversations: records.map((r) => ({
      conversationId: r.conversationId,
      state: r.state,
      cause: r.cause?.code ?? null,
      endReason: r.endReason ?? null,
    })),
    attempts,
  });
}

/** `scheme://user:password@` in any string becomes `scheme://[removed]@`. */
const URL_USER_INFO = /([a-z][a-z0-9+.-]*:\/\/)[^/?#\s@]*@/gi;

/**
 * Settings refuse URLs with credentials, but values stored before that rule (the last valid
 * settings, an old sign-in's environment) may still hold them: none may leave in a support report.
 */
function withoutUrlCredentials<T>(value: T): T {
  if (typeof value === 'string') return value.replace(URL_USER_INFO, '$1[removed]@') as T;
  if (Array.isArray(value)) return value.map(withoutUrlCredentials) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, withoutUrlCredentials(inner)]),
    ) as T;
  return value;
}
