import { waitUntil } from '../../tests/e2e/fixtures/wait';
import { type Check, correctnessCheck, limitCheck } from '../lib/checks';
import { connectedConversation, type Harness, waitForStates } from '../lib/harness';
import { announce, postsPerConversation } from '../lib/page';
import { type Summary, summarize } from '../lib/stats';

export interface BurstResult {
  chats: number;
  sessions: number;
  duplicates: number;
  acceptToPending: Summary;
  /** The same burst as plain page fetches: send → response back in the page. */
  floorRoundTrip: Summary;
  /** Floor POSTs the emulator did not answer 201 Created (a floor that measured a refusal, not a create). */
  floorFailed: number;
}

/** Fires `count` accept events (or plain POSTs) evenly over `spanMs`, stamping each right before. */
function fireEvenly(h: Harness, ids: string[], spanMs: number, mode: 'event' | 'fetch') {
  return h.desktop.evaluate(
    ([list, span, how, bearer]) =>
      Promise.all(
        list.map(
          (id, i) =>
            new Promise<[string, number, number, number]>((resolve) => {
              setTimeout(
                async () => {
                  const start = performance.timeOrigin + performance.now();
                  if (how === 'event') {
                    const detail = { conversationId: id };
                    window.dispatchEvent(new CustomEvent('cobrowse:chat-accepted', { detail }));
                    return resolve([id, start, start, 0]);
                  }
                  const body = JSON.stringify({
                    externalSessionId: crypto.randomUUID(),
                    initiator: { type: 'agent', id: 'agent-ada' },
                    target: { type: 'customer', conversationId: id },
                  });
                  const headers = {
                    accept: 'application/json',
                    'content-type': 'application/json',
                    authorization: `Bearer ${bearer}`,
                  };
                  const answer = await fetch('/api/v2/conversations/cobrowse/sessions', {
                    method: 'POST',
                    headers,
                    body,
                  });
                  resolve([id, start, performance.timeOrigin + performance.now(), answer.status]);
                },
                (i * span) / list.length,
              );
            }),
        ),
      ),
    [ids, spanMs, mode, h.token] as const,
  );
}

/** Records, in an extension page, when each conversation's record first reads `pending`. */
function watchPending(h: Harness) {
  return h.recorder.evaluate(() => {
    const seen: Record<string, number> = {};
    (globalThis as unknown as { benchPending: typeof seen }).benchPending = seen;
    chrome.storage.onChanged.addListener((changes, area) => {
      if (area !== 'local') return;
      const now = performance.timeOrigin + performance.now();
      for (const [key, change] of Object.entries(changes)) {
        const state = (change.newValue as { state?: string } | undefined)?.state;
        if (key.startsWith('conv:') && state === 'pending') seen[key.slice(5)] ??= now;
      }
    });
  });
}

const readPending = (h: Harness) =>
  h.recorder.evaluate(() => (globalThis as unknown as { benchPending: Record<string, number> }).benchPending);

export async function measureBurst(h: Harness, chats: number, spanMs = 1000): Promise<BurstResult> {
  h.emulator.reset();
  const ids = Array.from({ length: chats }, (_, i) => connectedConversation(h, `burst-${process.pid}-${i}`));
  await watchPending(h);
  const fired = await fireEvenly(h, ids, spanMs, 'event');
  const pending = await waitUntil(
    () => readPending(h),
    (seen) => ids.every((id) => seen[id] !== undefined),
    { timeout: 20_000, interval: 25, what: `all ${chats} burst chats to reach pending` },
  ).catch(() => readPending(h));
  const latencies = fired.flatMap(([id, stamp]) => (pending[id] ? [pending[id] - stamp] : []));
  const sessions = h.emulator.sessions().filter((s) => ids.includes(s.conversationId));
  // The emulator refuses a second open session, so a duplicate shows as a second create POST.
  const posts = postsPerConversation(h);
  const duplicates = ids.reduce((sum, id) => sum + Math.max(0, (posts.get(id) ?? 0) - 1), 0);
  // End them all (outside the measurement) so later phases start from an idle worker.
  for (const id of ids) await announce(h.desktop, 'ended', id);
  // Only those that started: a chat that never got a record is already reported as missing.
  await waitForStates(
    h,
    ids.filter((id) => pending[id] !== undefined),
    'ended',
    30_000,
  );
  // The floor posts for conversations that exist and that the agent is connected to, so the
  // emulator does the same work (look-up, checks, session created) as for the extension's POSTs.
  const floorIds = ids.map((id) => connectedConversation(h, `floor-${id}`));
  const floor = await fireEvenly(h, floorIds, spanMs, 'fetch');
  const floorFailed = floor.filter(([, , , status]) => status !== 201).length;
  h.emulator.reset();
  return {
    chats,
    sessions: sessions.length,
    duplicates,
    acceptToPending: summarize(latencies),
    floorRoundTrip: summarize(floor.map(([, start, end]) => end - start)),
    floorFailed,
  };
}

export function burstChecks(r: BurstResult): Check[] {
  const missing = r.chats - r.acceptToPending.n;
  return [
    correctnessCheck(
      'burst',
      `Burst: chats without a session (${r.chats} chats in 1 s)`,
      r.chats - r.sessions,
    ),
    correctnessCheck('burst', 'Burst: chats whose record never reached pending', missing),
    correctnessCheck('burst', 'Burst: duplicate create POSTs', r.duplicates),
    correctnessCheck('burst', 'Burst: floor POSTs not answered 201 Created (floor invalid)', r.floorFailed),
    limitCheck(
      {
        phase: 'burst',
        figure: 'Burst: accept → record pending, p95',
        unit: 'ms',
        floorLabel: 'page fetch round trip, p95, same burst',
        detail: `p50 ${r.acceptToPending.p50.toFixed(1)} ms; floor p50 ${r.floorRoundTrip.p50.toFixed(1)} ms`,
      },
      missing > 0 ? Number.POSITIVE_INFINITY : r.acceptToPending.p95,
      500,
      r.floorRoundTrip.p95,
    ),
  ];
}
