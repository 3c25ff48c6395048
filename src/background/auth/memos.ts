import { forgetIdentity } from './identity';
import { forgetAuth } from './token-store';

/**
 * The token and the identity are kept in worker memory after their first read. Any change of
 * their storage keys, whoever made it (this worker, a test, storage cleared by the browser),
 * drops the copy, so the next read is storage's answer. Registered by index.ts.
 */
export function forgetChangedAuth(changes: Record<string, unknown>, area: string): void {
  if (area === 'session' && 'auth' in changes) forgetAuth();
  if (area === 'local' && 'identity' in changes) forgetIdentity();
}
