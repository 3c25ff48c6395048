import { type Check, correctnessCheck, differenceCheck } from '../lib/checks';
import { connectedConversation, type Harness, waitForStates } from '../lib/harness';
import { announce, createReceived, floorPost, pause, postsPerConversation } from '../lib/page';
import { type Summary, seeded, summarize } from '../lib/stats';

export interface LatencyOptions {
  runs: number;
  /** Rounds run first and thrown away: connections, JIT and the content script's settings warm up. */
  warmup: number;
  cold: boolean;
  /** Stops early (and fails the run, as a correctness check) rather than run past this. */
  deadlineMs: number;
}

const SIDES = ['extension', 'reference', 'floor'] as const;
type Side = (typeof SIDES)[number];

export interface LatencyResult {
  cold: boolean;
  planned: number;
  extension: Summary;
  /** The minimal reference extension (bench/reference): content script → message → worker → fetch. */
  reference: Summary;
  /** A plain fetch from the desktop page: no extension at all. */
  floor: Summary;
  truncated: boolean;
  /** Conversations with more than one create POST: a duplicate start. */
  duplicates: string[];
  samples: Record<Side, number[]>;
}

let serial = 0;
const nextId = (prefix: string) => `${prefix}-${process.pid}-${++serial}`;

/** Accept event → the emulator receiving the extension's create POST; ends the chat afterwards. */
async function extensionRun(h: Harness, cold: boolean): Promise<number> {
  const id = connectedConversation(h, nextId('bench'));
  if (cold) await h.browser.stopWorker();
  const stamp = await announce(h.desktop, 'accepted', id);
  const entry = await createReceived(h, id, cold ? 20_000 : 10_000);
  // Outside the measured span: leave the worker idle before the next run.
  await waitForStates(h, [id], 'pending');
  await announce(h.desktop, 'ended', id);
  await waitForStates(h, [id], 'ended');
  return entry.receivedAt - stamp;
}

/** The same accept on the reference extension's own desktop tab. */
export async function referenceRun(h: Harness, cold: boolean): Promise<number> {
  // Unknown to the emulator (answered 400): only the POST's arrival is timed, as for the floor.
  const id = nextId('ref');
  if (cold) await h.reference.stopWorker();
  const stamp = await announce(h.reference.desktop, 'accepted', id);
  return (await createReceived(h, id, cold ? 20_000 : 10_000)).receivedAt - stamp;
}

async function floorRun(h: Harness): Promise<number> {
  const id = nextId('floor');
  const stamp = await floorPost(h.desktop, id, h.token);
  return (await createReceived(h, id)).receivedAt - stamp;
}

/** Fisher–Yates with the seeded generator. */
function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Extension, reference and floor runs in rounds whose order is seeded-random, so drift hits all alike. */
export async function measureLatency(h: Harness, options: LatencyOptions): Promise<LatencyResult> {
  const random = seeded(options.cold ? 2 : 1);
  const samples: Record<Side, number[]> = { extension: [], reference: [], floor: [] };
  const deadline = Date.now() + options.deadlineMs;
  let truncated = false;
  const duplicates: string[] = [];
  // Read before each reset clears the log: any conversation with a second create POST.
  const collectDuplicates = () => {
    for (const [id, count] of postsPerConversation(h)) if (count > 1) duplicates.push(`${id} ×${count}`);
  };
  const run = (side: Side) =>
    side === 'extension'
      ? extensionRun(h, options.cold)
      : side === 'reference'
        ? referenceRun(h, options.cold)
        : floorRun(h);
  for (let i = 0; i < options.warmup + options.runs; i++) {
    if (Date.now() > deadline) {
      truncated = true;
      break;
    }
    const round: Partial<Record<Side, number>> = {};
    for (const side of shuffled(SIDES, random)) round[side] = await run(side);
    if (i >= options.warmup) for (const side of SIDES) samples[side].push(round[side] as number);
    // Every run's chat has ended: clearing keeps the emulator's log (polled above) short.
    if (i % 20 === 19) {
      collectDuplicates();
      h.emulator.reset();
    }
    // Jittered gap: avoids locking into phase with any periodic work in the browser.
    await pause(15 + random() * 25);
  }
  collectDuplicates();
  h.emulator.reset();
  return {
    cold: options.cold,
    planned: options.runs,
    extension: summarize(samples.extension),
    reference: summarize(samples.reference),
    floor: summarize(samples.floor),
    truncated,
    duplicates,
    samples,
  };
}

/** Budgets against the reference extension (issue 15); the page floor is shown beside it. */
const BUDGETS = {
  warm: { p50: 1.5, p95: 4 },
  cold: { p95: 40 },
} as const;

export function latencyChecks(r: LatencyResult): Check[] {
  const mode = r.cold ? 'cold' : 'warm';
  const base = (p: 'p50' | 'p95') => ({
    phase: 'latency',
    figure: `Accept → POST received, ${mode}, ${p}`,
    unit: 'ms',
    floorLabel: 'reference extension',
    pageFloor: r.floor[p],
    detail:
      `n=${r.extension.n} rounds${r.truncated ? ' (stopped at the time limit)' : ''}; ` +
      `extension min/max ${r.extension.min.toFixed(1)}/${r.extension.max.toFixed(1)} ms, ` +
      `reference ${r.reference.min.toFixed(1)}/${r.reference.max.toFixed(1)} ms`,
  });
  const timing = Object.entries(BUDGETS[mode]).map(([p, allowance]) =>
    differenceCheck(
      base(p as 'p50' | 'p95'),
      r.extension[p as 'p50' | 'p95'],
      r.reference[p as 'p50' | 'p95'],
      allowance,
    ),
  );
  return [
    correctnessCheck(
      'latency',
      `${mode} rounds not run (phase time limit)`,
      r.planned - r.extension.n,
      r.truncated ? `stopped at the time limit after ${r.extension.n} of ${r.planned} rounds` : undefined,
    ),
    correctnessCheck(
      'latency',
      `${mode} accepts with a duplicate create POST`,
      r.duplicates.length,
      r.duplicates.length ? r.duplicates.slice(0, 5).join(', ') : undefined,
    ),
    ...timing,
  ];
}
