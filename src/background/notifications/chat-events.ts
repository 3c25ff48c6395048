import { binding, readIdentity } from '../auth/identity';
import type { ChatChanges, NotificationSource } from '../platform/types';
import { apiContext } from '../sessions/context';
import { acceptChat, endChat } from '../sessions/lifecycle';
import { getSettings } from '../settings';

/**
 * What the stream's messages mean for the agent's chats: accepts and ends, applied only while the
 * socket's agent is still the bound one. The socket itself (open, renew, reconnect) is stream.ts's.
 */

/** One message from the socket; 'reconnect' when the platform asks for a new socket. */
export async function applyMessage(
  data: unknown,
  userId: string,
  source: NotificationSource,
): Promise<'reconnect' | undefined> {
  let message: unknown;
  try {
    message = JSON.parse(String(data));
  } catch {
    return undefined;
  }
  const changes = source.interpret(message, userId);
  // Heartbeats and pongs change nothing, and need no storage read.
  if (!changes.reconnect && changes.accepted.length === 0 && changes.ended.length === 0) return undefined;
  // A message that was on its way when the agent signed out or another agent signed in is not theirs.
  if ((await boundUser()) !== userId) return undefined;
  if (changes.reconnect) return 'reconnect';
  await applyChanges(changes);
  return undefined;
}

/** A dropped socket may have missed an accept: ask for the chats the agent is connected to now. */
export async function catchUp(userId: string, source: NotificationSource): Promise<void> {
  try {
    const { api, auth } = await apiContext();
    if (auth.user.id !== userId) return; // another agent signed in since this socket opened
    const chats = await source.connectedChats(api, userId);
    await applyChanges({ accepted: chats, ended: [] });
  } catch (error) {
    console.warn('Could not catch up on chats after connecting the notification stream:', error);
  }
}

async function applyChanges(changes: Pick<ChatChanges, 'accepted' | 'ended'>) {
  await Promise.all([
    ...changes.accepted.map(({ conversationId, seen }) =>
      acceptChat({ conversationId, source: 'notification', seen }),
    ),
    ...changes.ended.map((conversationId) => endChat(conversationId)),
  ]);
}

async function boundUser(): Promise<string | undefined> {
  const [{ settings }, identity] = await Promise.all([getSettings(), readIdentity()]);
  const bound = binding(identity, settings);
  return bound.ok ? bound.userId : undefined;
}
