import * as z from 'zod/mini';
import { ConversationId } from '../../shared/ids';
import { type RemoteSession, RemoteState } from './types';

/** The create body, checked before it leaves: a malformed request is our bug, not the platform's. */
export const CreateSessionBody = z.strictObject({
  externalSessionId: z.uuidv4(),
  initiator: z.strictObject({ type: z.literal('agent'), id: z.string().check(z.minLength(1)) }),
  target: z.strictObject({ type: z.literal('customer'), conversationId: ConversationId }),
});

export const SessionBody = z.object({
  id: z.string().check(z.minLength(1)),
  externalSessionId: z.string(),
  conversationId: z.string(),
  state: RemoteState,
  expiresAt: z.optional(z.string()),
  joinUrl: z.optional(z.string()),
  endReason: z.optional(z.string()),
});

export const SessionList = z.object({ entities: z.array(SessionBody) });

export function toRemote(session: z.infer<typeof SessionBody>): RemoteSession {
  return { ...session };
}
