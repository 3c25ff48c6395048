import type { Cause } from '../../shared/causes';
import { clip } from '../../shared/clip';

interface AgentParticipant {
  userId?: string;
  name?: string;
}

/**
 * The conversation's connected agent is another user than the signed-in one: the desktop and the
 * extension disagree about who the agent is (another person's desktop session, or a shared PC). Only
 * signing out and in as that agent helps, so the cause names both. The names are display names the
 * platform returned (participant `name`, users/me `name`); the detail, which diagnostics export,
 * carries the ids only.
 */
export function acceptedByOther(other: AgentParticipant, me: { id: string; name?: string }): Cause {
  return {
    code: 'accepted-by-other',
    detail: `connected agent participant is user ${other.userId ?? 'unknown'}; the token's user is ${me.id}`,
    people: {
      acceptedBy: clip(other.name?.trim() || other.userId || '?', 200),
      signedInAs: clip(me.name?.trim() || me.id, 200),
    },
  };
}
