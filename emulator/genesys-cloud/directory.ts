// Who may do what in the genesys-cloud mode: the demo agents' permissions and the OAuth scopes.
import { findAgent } from '../directory';

export const COBROWSE_ADD = 'conversation:cobrowse:add';
/** Spelled as x-inin-requires-permissions of postConversationCobrowse spells it (docs/genesys-cloud.md). */
export const COBROWSE_VOICE_ADD = 'conversation:cobrowseVoice:add';
/** What POST /api/v2/conversations/{id}/cobrowse accepts (the SDK: "cobrowse:add (for web
 * messaging) or cobrowsevoice:add"). */
export const COBROWSE_PERMISSIONS = [COBROWSE_ADD, COBROWSE_VOICE_ADD] as const;

const AGENT_PERMISSIONS = ['conversation:communication:view', 'conversation:message:accept'];

/** agent-ada may offer co-browse; agent-grace is an agent who may not. */
const PERMISSIONS: Record<string, { role: string; permissions: string[] }> = {
  'agent-ada': { role: 'Co-browse agent', permissions: [...AGENT_PERMISSIONS, ...COBROWSE_PERMISSIONS] },
  'agent-grace': { role: 'Agent', permissions: AGENT_PERMISSIONS },
};

export function permissionsOf(userId: string | null): string[] {
  return (userId && PERMISSIONS[userId]?.permissions) || [];
}

export function roleOf(userId: string): { id: string; name: string } {
  const name = PERMISSIONS[userId]?.role ?? 'Agent';
  return { id: `role-${name.toLowerCase().replace(/\W+/g, '-')}`, name };
}

export function userExists(userId: string | null): userId is string {
  return findAgent(userId) !== undefined;
}

/** Genesys Cloud OAuth scopes the emulator knows; the demo client is configured with all of them
 * unless a test narrows it (setClientScopes), and a sign-in naming none gets the client's. */
export const GENESYS_SCOPES = [
  'authorization:readonly',
  'conversations',
  'conversations:readonly',
  'notifications',
  'user-basic-info',
  'users',
  'users:readonly',
] as const;
