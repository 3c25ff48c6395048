import { type Check, differenceCheck } from '../lib/checks';
import type { Harness } from '../lib/harness';
import { type Summary, seeded, summarize } from '../lib/stats';

export interface PopupResult {
  rows: number;
  /** Navigation start → rows painted (the popup's own `popup-rendered` mark), per opening. */
  withRows: Summary;
  /** The same popup with an empty history: the cost of an extension page and one status request. */
  empty: Summary;
}

const SEEDED = 'bench-popup-';

/** Finished records (ended / failed with a cause), so nothing is followed or polled because of them. */
async function seed(h: Harness, rows: number): Promise<void> {
  await h.recorder.evaluate(
    async ([count, prefix]) => {
      const now = Date.now();
      const items: Record<string, unknown> = {};
      for (let i = 0; i < count; i++) {
        const id = `${prefix}${String(i).padStart(3, '0')}`;
        const failed = i % 5 === 0;
        items[`conv:${id}`] = {
          conversationId: id,
          state: failed ? 'failed' : 'ended',
          source: 'page-event',
          acceptedAt: now - (count - i) * 1000,
          updatedAt: now,
          chatEnded: !failed,
          attempts: [],
          ...(failed ? { cause: { code: 'agent-not-connected' } } : { endReason: 'agent-ended' }),
        };
      }
      await chrome.storage.local.set(items);
    },
    [rows, SEEDED] as const,
  );
  // The worker mirrors records for its lifetime; a restart makes it read the seeded ones.
  await h.browser.stopWorker();
}

async function clear(h: Harness): Promise<void> {
  await h.recorder.evaluate(async (prefix) => {
    const keys = Object.keys(await chrome.storage.local.get(null)).filter((k) =>
      k.startsWith(`conv:${prefix}`),
    );
    await chrome.storage.local.remove(keys);
  }, SEEDED);
  await h.browser.stopWorker();
}

async function opening(h: Harness, rows: number): Promise<number> {
  const page = await h.browser.openPopup();
  try {
    const painted = await page.waitForFunction(
      (expected) => {
        const mark = performance.getEntriesByName('popup-rendered')[0];
        return mark && document.querySelectorAll('[data-conversation-id]').length >= expected
          ? mark.startTime
          : 0;
      },
      rows,
      { timeout: 15_000 },
    );
    return Number(await painted.jsonValue());
  } finally {
    await page.close();
  }
}

/**
 * Opening the popup with a full history against the same popup with none, interleaved opening by
 * opening in seeded random order. Both sides open against a freshly started worker (seeding or
 * clearing restarts it so it reads storage again), so neither side gets a warmer worker.
 */
export async function measurePopup(h: Harness, rows: number, count: number): Promise<PopupResult> {
  const restore = await quietNotifications(h);
  try {
    return await interleaved(h, rows, count);
  } finally {
    await restore();
  }
}

/**
 * Each seeded failed row is a record newly written as failed, and the worker would announce each
 * as it does when a start fails: ten system notifications shown while the popup opens, which the
 * browser process draws at the same time. An agent's failed rows were announced when they failed,
 * long before the popup opened. A scratch run: rows painted +49.5 ms over the empty popup with the
 * announcements (seen and dismissed before each opening), +0.1 ms with 1.5 s left after them. So the
 * phase turns notifications off while it seeds, and proves none was shown.
 */
async function quietNotifications(h: Harness): Promise<() => Promise<void>> {
  const before = await h.recorder.evaluate(async () => {
    const { settings } = await chrome.storage.sync.get('settings');
    await chrome.storage.sync.set({ settings: { ...(settings as object), notifyFailures: false } });
    return settings as Record<string, unknown>;
  });
  return async () => {
    const shown = await h.recorder.evaluate(async () => Object.keys(await chrome.notifications.getAll()));
    await h.recorder.evaluate(async (settings) => chrome.storage.sync.set({ settings }), before);
    if (shown.length > 0) {
      throw new Error(`the popup phase showed ${shown.length} notification(s) with notifications off`);
    }
  };
}

async function interleaved(h: Harness, rows: number, count: number): Promise<PopupResult> {
  await clear(h);
  const existing = await h.recorder.evaluate(
    async () => Object.keys(await chrome.storage.local.get(null)).filter((k) => k.startsWith('conv:')).length,
  );
  if (existing > 0) throw new Error(`the popup phase needs an empty history; found ${existing} records`);
  const random = seeded(3);
  const empty: number[] = [];
  const withRows: number[] = [];
  for (let i = 0; i < count; i++) {
    const order = random() < 0.5 ? [0, rows] : [rows, 0];
    for (const n of order) {
      if (n === 0) await clear(h);
      else await seed(h, n);
      (n === 0 ? empty : withRows).push(await opening(h, n));
    }
  }
  await clear(h);
  return { rows, withRows: summarize(withRows), empty: summarize(empty) };
}

export function popupChecks(r: PopupResult): Check[] {
  return [
    differenceCheck(
      {
        phase: 'popup',
        figure: `Popup open → ${r.rows} rows painted, p50`,
        unit: 'ms',
        floorLabel: 'the same popup with no history, p50, interleaved',
        detail: `n=${r.withRows.n} openings each; p95 ${r.withRows.p95.toFixed(0)} ms (empty: ${r.empty.p95.toFixed(0)} ms)`,
      },
      r.withRows.p50,
      r.empty.p50,
      15,
    ),
  ];
}
