import browser from 'webextension-polyfill';
import { ConversationRecord, HISTORY_CAP, LIVE_STATES } from '../../shared/records';

const PREFIX = 'conv:';

/**
 * Conversation records in storage.local, one key each (history: no secrets). Only the worker writes
 * them, so a per-worker-life mirror is exact; it is reloaded from storage after every restart.
 */
let mirror: Promise<Map<string, ConversationRecord>> | undefined;

function load(): Promise<Map<string, ConversationRecord>> {
  mirror ??= browser.storage.local.get(null).then((all) => {
    const map = new Map<string, ConversationRecord>();
    for (const [key, value] of Object.entries(all)) {
      if (!key.startsWith(PREFIX)) continue;
      const parsed = ConversationRecord.safeParse(value);
      if (parsed.success) map.set(parsed.data.conversationId, parsed.data);
      else console.warn(`Ignoring stored record ${key}: ${parsed.error.issues[0]?.message}`);
    }
    return map;
  });
  return mirror;
}

export async function getRecord(conversationId: string): Promise<ConversationRecord | undefined> {
  return (await load()).get(conversationId);
}

export async function allRecords(): Promise<ConversationRecord[]> {
  return [...(await load()).values()].sort((a, b) => b.acceptedAt - a.acceptedAt);
}

/**
 * The worker built a record its own schema refuses: a bug in this extension, never something the
 * network did. Named so that no caller mistakes it for a lost answer and retries.
 */
export class InvalidRecordError extends Error {
  constructor(conversationId: string, problems: string) {
    super(`Could not store the record of ${conversationId} (a bug in the extension): ${problems}`);
    this.name = 'InvalidRecordError';
  }
}

export async function putRecord(
  record: ConversationRecord,
  /** Called once the write has been handed to the browser (its request sent), before it is stored. */
  onIssued?: () => void,
): Promise<ConversationRecord> {
  const map = await load();
  const now = Date.now();
  const previous = map.get(record.conversationId);
  const stateSince = previous?.state === record.state ? (previous.stateSince ?? previous.updatedAt) : now;
  const parsed = ConversationRecord.safeParse({ ...record, updatedAt: now, stateSince });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new InvalidRecordError(record.conversationId, problems);
  }
  const valid = parsed.data;
  map.set(valid.conversationId, valid);
  const written = browser.storage.local.set({ [PREFIX + valid.conversationId]: valid });
  onIssued?.();
  await written;
  if (map.size > HISTORY_CAP) await evict(map);
  return valid;
}

/** A record write in flight: `issued` once the browser has the request, `written` once it is stored. */
export interface PendingWrite {
  issued: Promise<void>;
  written: Promise<ConversationRecord>;
}

export function beginPut(record: ConversationRecord): PendingWrite {
  let issue!: () => void;
  let refuse!: (error: unknown) => void;
  const issued = new Promise<void>((resolve, reject) => {
    issue = resolve;
    refuse = reject;
  });
  const written = putRecord(record, issue);
  written.catch(refuse); // a write refused before it was issued (an invalid record) stops the POST too
  return { issued, written };
}

/** Drops the oldest finished records beyond the cap; live ones are never evicted. */
async function evict(map: Map<string, ConversationRecord>): Promise<void> {
  const finished = [...map.values()]
    .filter((r) => !LIVE_STATES.has(r.state))
    .sort((a, b) => a.updatedAt - b.updatedAt);
  const excess = finished.slice(0, map.size - HISTORY_CAP);
  for (const record of excess) map.delete(record.conversationId);
  if (excess.length > 0) await browser.storage.local.remove(excess.map((r) => PREFIX + r.conversationId));
}

/** For tests and sign-out-of-everything flows: forget the mirror so the next read hits storage. */
export function dropMirror(): void {
  mirror = undefined;
}
