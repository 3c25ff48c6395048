import { authItem, isUsable } from './auth/token-store';
import { platformFor } from './platform';
import { chatsItem } from './sessions/chats';
import { tabChats } from './sessions/lifecycle';
import { allRecords } from './sessions/records';
import { getSettings } from './settings';

/** What the popup shows, built from storage each time: nothing secret leaves in it. */
export async function buildStatus(tabId?: number) {
  const [effective, auth, records, chats, customers] = await Promise.all([
    getSettings(),
    authItem.get(),
    allRecords(),
    tabChats.get(),
    chatsItem.get(),
  ]);
  const signedIn = isUsable(auth, effective.settings.apiBaseUrl ?? '');
  return {
    signedIn,
    user: signedIn ? auth.user : undefined,
    environment: effective.settings.apiBaseUrl,
    settings: effective.settings,
    settingsProblems: effective.problems,
    missing: effective.missing,
    managedKeys: effective.managedKeys,
    canEnd: platformFor(effective.settings).canEnd,
    conversations: records,
    chats: customers,
    currentTabConversationId: tabId === undefined ? undefined : chats[String(tabId)],
  };
}
