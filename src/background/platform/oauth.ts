import type { Settings } from '../../shared/settings';

export interface AuthorizeParams {
  redirectUri: string;
  challenge: string;
  state: string;
  /** OIDC `prompt=login`: ask for credentials even if the sign-in server remembers someone. */
  prompt?: 'login';
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
