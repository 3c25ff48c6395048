import { z } from 'zod';
import { ConversationId } from '../../shared/ids';
import { type RemoteSession, RemoteState } from './types';

/** The create body, checked before it leaves: a malformed request is our bug, not the platform's. */
export const CreateSessionBody = z
  .object({
    externalSessionId: z.uuidv4(),
    initiator: z.object({ type: z.literal('agent'), id: z.string().min(1) }).strict(),
    target: z.object({ type: z.literal('customer'), conversationId: ConversationId }).strict(),
  })
  .strict();

export const SessionBody = z.object({
  id: z.string().min(1),
  externalSessionId: z.string(),
  conversationId: z.string(),
  state: RemoteState,
  expiresAt: z.string().optional(),
  joinUrl: z.string().optional(),
  endReason: z.string().optional(),
});

export const SessionList = z.object({ entities: z.array(SessionBody) });

export function toRemote(session: z.infer<typeof SessionBody>): RemoteSession {
  return { ...session };
}
