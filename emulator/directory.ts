// The fixed cast of the emulated platform: demo agents, registered OAuth clients and scopes.

export interface Agent {
  id: string;
  name: string;
  email: string;
}

export const AGENTS: readonly Agent[] = [
  { id: 'agent-ada', name: 'Ada Lovelace', email: 'ada@example.com' },
  { id: 'agent-grace', name: 'Grace Hopper', email: 'grace@example.com' },
];

export const DEFAULT_AGENT_ID = 'agent-ada';

export function findAgent(id: string | null | undefined): Agent | undefined {
  return AGENTS.find((agent) => agent.id === id);
}

export const SUPPORTED_SCOPES = ['cobrowse:write', 'conversations:read', 'users:read'] as const;

export type GrantType = 'authorization_code' | 'client_credentials';

export interface OAuthClient {
  id: string;
  /** Absent for public clients, which must prove possession with PKCE instead. */
  secret?: string;
  redirectUris: string[];
  grants: GrantType[];
}

export const DEMO_CLIENT_ID = 'cobrowse-autostart-demo';
export const SERVICE_CLIENT_ID = 'service-client';
export const SERVICE_CLIENT_SECRET = 'service-secret';

export function registeredClients(extensionId: string, extraRedirectUris: string[] = []): OAuthClient[] {
  return [
    {
      id: DEMO_CLIENT_ID,
      redirectUris: [demoRedirectUri(extensionId), ...extraRedirectUris],
      grants: ['authorization_code'],
    },
    // The confidential client exists so tests can show that a userless token is refused.
    {
      id: SERVICE_CLIENT_ID,
      secret: SERVICE_CLIENT_SECRET,
      redirectUris: [],
      grants: ['client_credentials'],
    },
  ];
}

export function demoRedirectUri(extensionId: string): string {
  return `https://${extensionId}.chromiumapp.org/callback`;
}

/**
 * Splits a space-delimited scope string; returns null when any scope is not in `known`. A request
 * that names no scope gets none (RFC 6749 §3.3 lets a server pick a default; this one picks the
 * empty set), so a client that drops its `scope` parameter is refused at its first scoped call
 * instead of passing unnoticed.
 */
export function parseScope(
  raw: string | null | undefined,
  known: readonly string[] = SUPPORTED_SCOPES,
): string[] | null {
  const requested = (raw ?? '').split(' ').filter((s) => s.length > 0);
  if (!requested.every((s) => known.includes(s))) return null;
  return [...new Set(requested)];
}
