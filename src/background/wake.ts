import { requireHostPermissions } from './auth/host-permission';
import { readIdentity } from './auth/identity';
import { readAuth } from './auth/token-store';
import { preloadRecords } from './sessions/records';
import { getSettings } from './settings';

/**
 * At every wake-up, what an accept needs before its POST is read at once, while nothing waits: the
 * token, the bound identity, the records, the settings and the host permissions (each kept in worker
 * memory after its first read, and dropped when it changes). An accept that woke the worker then
 * finds them read instead of asking for each in turn: `bench/explain.ts cold` measured its message →
 * fetch at 16 ms with none of this, 8 ms with the token and identity read at wake-up.
 */
export function prewarm(): void {
  const quietly = () => undefined;
  readAuth().catch(quietly);
  readIdentity().catch(quietly);
  preloadRecords();
  getSettings()
    .then(({ settings: { authBaseUrl, apiBaseUrl } }) =>
      // Not configured yet: nothing to ask about (ensureAuth says what is missing).
      authBaseUrl && apiBaseUrl ? requireHostPermissions(authBaseUrl, apiBaseUrl) : undefined,
    )
    .catch(quietly);
}
