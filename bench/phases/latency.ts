import { type Check, correctnessCheck, differenceCheck } from '../lib/checks';
import { connectedConversation, type Harness, waitForStates } from '../lib/harness';
import { announce, createReceived, floorPost, pause, postsPerConversation } from '../lib/page';
import { type Summary, seeded, summarize } from '../lib/stats';

export interface LatencyOptions {
  runs: number;
  /** Pairs run first and thrown away: connections, JIT and the content script's settings warm up. */
  warmup: number;
  cold: boolean;
  /** Stops early (and says so) rather than run past this. */
  deadlineMs: number;
}

export interface LatencyResult {
  extension: Summary;
  floor: Summary;
  cold: boolean;
  planned: number;
  truncated: boolean;
  /** Create POSTs beyond the first for one conversation: a duplicate start. */
  duplicates: string[];
  samples: { extension: number[]; floor: number[] };
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

async function floorRun(h: Harness): Promise<number> {
  const id = nextId('floor');
  const stamp = await floorPost(h.desktop, id, h.token);
  return (await createReceived(h, id)).receivedAt - stamp;
}

/** Extension and floor runs in pairs whose order is a seeded coin flip, so drift hits both alike. */
export async function measureLatency(h: Harness, options: LatencyOptions): Promise<LatencyResult> {
  const random = seeded(options.cold ? 2 : 1);
  const samples = { extension: [] as number[], floor: [] as number[] };
  const deadline = Date.now() + options.deadlineMs;
  let truncated = false;
  const duplicates: string[] = [];
  // Read before each reset clears the log: any conversation with a second create POST.
  const collectDuplicates = () => {
    for (const [id, count] of postsPerConversation(h)) if (count > 1) duplicates.push(`${id} ×${count}`);
  };
  for (let i = 0; i < options.warmup + options.runs; i++) {
    if (Date.now() > deadline) {
      truncated = true;
      break;
    }
    const extensionFirst = random() < 0.5;
    const first = extensionFirst ? await extensionRun(h, options.cold) : await floorRun(h);
    const second = extensionFirst ? await floorRun(h) : await extensionRun(h, options.cold);
    if (i >= options.warmup) {
      samples.extension.push(extensionFirst ? first : second);
      samples.floor.push(extensionFirst ? second : first);
    }
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
    duplicates,
    extension: summarize(samples.extension),
    floor: summarize(samples.floor),
    truncated,
    samples,
  };
}

export function latencyChecks(r: LatencyResult): Check[] {
  const mode = r.cold ? 'cold' : 'warm';
  const note =
    `n=${r.extension.n} pairs${r.truncated ? ' (stopped at the time limit)' : ''}; ` +
    `extension min/max ${r.extension.min.toFixed(1)}/${r.extension.max.toFixed(1)} ms`;
  const base = (figure: string) => ({
    phase: 'latency',
    figure,
    unit: 'ms',
    floorLabel: 'page fetch POST, same body',
    detail: note,
  });
  const figure = (p: string) => `Accept → POST received, ${mode}, ${p}`;
  const timing = r.cold
    ? [differenceCheck(base(figure('p95')), r.extension.p95, r.floor.p95, 150)]
    : [
        differenceCheck(base(figure('p50')), r.extension.p50, r.floor.p50, 5),
        differenceCheck(base(figure('p95')), r.extension.p95, r.floor.p95, 15),
      ];
  return [
    correctnessCheck(
      'latency',
      `${mode} pairs not run (phase time limit)`,
      r.planned - r.extension.n,
      r.truncated ? `stopped at the time limit after ${r.extension.n} of ${r.planned} pairs` : undefined,
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
