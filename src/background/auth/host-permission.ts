import browser from 'webextension-polyfill';
import { originPattern } from '../../shared/match-pattern';
import { StartError } from '../api/errors';

/**
 * A token (or an authorization code and its verifier) goes only to an origin the extension holds a
 * host permission for: the sign-in and API origins the options page asked for at Save. Checked before
 * every sign-in and before a token is handed out, so a setting changed behind the options page's back
 * (storage, policy) cannot send the agent's token to a host nobody granted.
 */
export async function requireHostPermissions(...urls: string[]): Promise<void> {
  const origins = [...new Set(urls.map(originPattern))];
  const held = await Promise.all(origins.map(holds));
  const missing = origins.filter((_, index) => !held[index]);
  if (missing.length > 0) {
    throw new StartError({
      code: 'host-permission-missing',
      detail: `no host permission for ${missing.join(', ')}: open the options and press Save to grant it`,
    });
  }
}

/**
 * Origins seen granted, kept in worker memory: the check then costs the accept-to-POST path no IPC
 * round trip. Only grants are kept (an origin never seen granted is asked for every time), and all
 * are dropped on permissions.onRemoved (index.ts), which the browser fires when the agent or an
 * admin revokes one.
 */
const granted = new Set<string>();

async function holds(origin: string): Promise<boolean> {
  if (granted.has(origin)) return true;
  const held = await browser.permissions.contains({ origins: [origin] });
  if (held) granted.add(origin);
  return held;
}

export function forgetHostPermissions(): void {
  granted.clear();
}
