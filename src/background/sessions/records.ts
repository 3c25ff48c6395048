import browser from 'webextension-polyfill';
import { ConversationRecord, HISTORY_CAP, LIVE_STATES } from '../../shared/records';

const PREFIX = 'conv:';

/**
 * Conversation records in storage.local, one key each (history: no secrets). Only the worker writes
 * them, so a per-worker-life mirror is exact; it is reloaded from storage after every restart. Each
 * record is parsed on first use: a woken worker reads the whole history (up to HISTORY_CAP records),
 * and parsing all of it before the accept that woke it cost that accept ~5 ms on its way to the POST.
 */
type Slot = { record: ConversationRecord } | { raw: unknown };
let mirror: Promise<Map<string, Slot>> | undefined;

function load(): Promise<Map<string, Slot>> {
  mirror ??= browser.storage.local.get(null).then((all) => {
    const map = new Map<string, Slot>();
    for (const [key, raw] of Object.entries(all))
      if (key.startsWith(PREFIX)) map.set(key.slice(PREFIX.length), { raw });
    return map;
  });
  return mirror;
}

/** The record in `map`, parsed now if not yet; one its schema refuses is dropped from the mirror, with a warning. */
function recordIn(map: Map<string, Slot>, conversationId: string): ConversationRecord | undefined {
  const slot = map.get(conversationId);
  if (!slot) return undefined;
  if ('record' in slot) return slot.record;
  const parsed = ConversationRecord.safeParse(slot.raw);
  if (parsed.success && parsed.data.conversationId === conversationId) {
    map.set(conversationId, { record: parsed.data });
    return parsed.data;
  }
  const why = parsed.success
    ? `it names conversation ${parsed.data.conversationId}`
    : parsed.error.issues[0]?.message;
  console.warn(`Ignoring stored record ${PREFIX}${conversationId}: ${why}`);
  map.delete(conversationId);
  return undefined;
}

/** The state a slot holds, read without parsing the rest (the record is parsed before it is returned). */
function stateOf(slot: Slot): unknown {
  if ('record' in slot) return slot.record.state;
  return typeof slot.raw === 'object' && slot.raw !== null
    ? (slot.raw as { state?: unknown }).state
    : undefined;
}

/** Starts reading the history now (index.ts, at wake-up), so that the accept that woke the worker finds it read. */
export function preloadRecords(): void {
  load().catch(() => undefined);
}

export async function getRecord(conversationId: string): Promise<ConversationRecord | undefined> {
  return recordIn(await load(), conversationId);
}

/** Newest first; with `states`, only records in one of them (the others are not parsed). */
export async function allRecords(states?: ReadonlySet<string>): Promise<ConversationRecord[]> {
  const map = await load();
  const records: ConversationRecord[] = [];
  for (const [conversationId, slot] of [...map]) {
    const state = stateOf(slot);
    if (states && !(typeof state === 'string' && states.has(state))) continue;
    const record = recordIn(map, conversationId);
    if (record) records.push(record);
  }
  return records.sort((a, b) => b.acceptedAt - a.acceptedAt);
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
  const previous = recordIn(map, record.conversationId);
  const stateSince = previous?.state === record.state ? (previous.stateSince ?? previous.updatedAt) : now;
  const parsed = ConversationRecord.safeParse({ ...record, updatedAt: now, stateSince });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new InvalidRecordError(record.conversationId, problems);
  }
  const valid = parsed.data;
  map.set(valid.conversationId, { record: valid });
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
async function evict(map: Map<string, Slot>): Promise<void> {
  const finished = [...map.keys()]
    .map((conversationId) => recordIn(map, conversationId))
    .filter((r): r is ConversationRecord => r !== undefined && !LIVE_STATES.has(r.state))
    .sort((a, b) => a.updatedAt - b.updatedAt);
  const excess = finished.slice(0, map.size - HISTORY_CAP);
  for (const record of excess) map.delete(record.conversationId);
  if (excess.length > 0) await browser.storage.local.remove(excess.map((r) => PREFIX + r.conversationId));
}

/** For tests and sign-out-of-everything flows: forget the mirror so the next read hits storage. */
export function dropMirror(): void {
  mirror = undefined;
}
