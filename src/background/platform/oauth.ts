import type { Settings } from '../../shared/settings-base';

export interface AuthorizeParams {
  redirectUri: string;
  challenge: string;
  state: string;
  /**
   * OIDC Core §3.1.2.1: `login` asks for credentials even if the sign-in server remembers someone;
   * `none` asks it to answer at once (login_required) instead of showing a page. A server that does
   * not know the parameter ignores it (RFC 6749 §3.1: unrecognized parameters MUST be ignored).
   */
  prompt?: 'login' | 'none';
}

/** RFC 6749 + 7636 authorize URL, S256 only; `scope` is left out when the platform takes none. */
export function pkceAuthorizeUrl(settings: Settings, params: AuthorizeParams, scope?: string): string {
  const url = new URL(`${settings.authBaseUrl}/oauth/authorize`);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: settings.clientId ?? '',
    redirect_uri: params.redirectUri,
    code_challenge: params.challenge,
    code_challenge_method: 'S256',
    state: params.state,
    ...(scope ? { scope } : {}),
    ...(params.prompt ? { prompt: params.prompt } : {}),
  }).toString();
  return url.href;
}

export const tokenUrl = (settings: Settings) => `${settings.authBaseUrl}/oauth/token`;
