import { ownedBy } from '../shared/records';
import { binding, readIdentity } from './auth/identity';
import { authItem, isUsable } from './auth/token-store';
import { platformFor } from './platform';
import { readChats } from './sessions/chats';
import { tabChats } from './sessions/lifecycle';
import { allRecords } from './sessions/records';
import { getSettings } from './settings';

/** What the popup shows, built from storage each time: nothing secret leaves in it. */
export async function buildStatus(tabId?: number) {
  const [effective, auth, identity, records, chats, customers] = await Promise.all([
    getSettings(),
    authItem.get(),
    readIdentity(),
    allRecords(),
    tabChats.get(),
    readChats(),
  ]);
  const bound = binding(identity, effective.settings);
  const agent = bound.ok ? bound.userId : undefined;
  const signedIn = isUsable(auth, effective.settings.apiBaseUrl ?? '') && auth.user.id === agent;
  // A shared desk: the popup lists only the signed-in agent's conversations (and those nobody owns
  // yet, accepted while signed out); another agent's rows and customer names stay out of it.
  const mine = records.filter((r) => ownedBy(r, agent));
  const theirs = new Set(records.filter((r) => !ownedBy(r, agent)).map((r) => r.conversationId));
  return {
    signedIn,
    signedOut: !bound.ok && bound.why === 'signed-out',
    user: signedIn ? auth.user : undefined,
    environment: effective.settings.apiBaseUrl,
    settings: effective.settings,
    settingsProblems: effective.problems,
    missing: effective.missing,
    managedKeys: effective.managedKeys,
    canEnd: platformFor(effective.settings).canEnd,
    conversations: mine,
    chats: Object.fromEntries(Object.entries(customers).filter(([id]) => !theirs.has(id))),
    currentTabConversationId: tabId === undefined ? undefined : chats[String(tabId)],
  };
}
