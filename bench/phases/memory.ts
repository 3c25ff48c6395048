import { type Check, correctnessCheck, ratioCheck } from '../lib/checks';
import { connectedConversation, type Harness, waitForStates } from '../lib/harness';
import { announce, pause } from '../lib/page';
import { attachToWorker, type WorkerCdp } from '../lib/worker-cdp';

export interface MemoryResult {
  cycles: { early: number; late: number };
  planned: { early: number; late: number };
  /** JS heap used after forced GC, with DevTools' own share of it. */
  heapEarly: HeapReading;
  heapLate: HeapReading;
  workerRestarted: boolean;
}

const BATCH = 10;
let serial = 0;

/** Accept then end `count` chats, `BATCH` at a time: one full start and one full end each. */
async function cycles(h: Harness, count: number, deadline: number): Promise<number> {
  let done = 0;
  while (done < count && Date.now() < deadline) {
    const size = Math.min(BATCH, count - done);
    const ids = Array.from({ length: size }, () =>
      connectedConversation(h, `mem-${process.pid}-${++serial}`),
    );
    for (const id of ids) await announce(h.desktop, 'accepted', id);
    await waitForStates(h, ids, 'pending');
    for (const id of ids) await announce(h.desktop, 'ended', id);
    await waitForStates(h, ids, 'ended');
    h.emulator.reset();
    done += size;
  }
  return done;
}

/**
 * Playwright keeps DevTools' Network domain enabled on the worker, and DevTools then keeps a record
 * of every request the worker makes (`blink::NetworkResourcesData::ResourceData`, three per cycle,
 * never freed while the session lasts): the largest growth in a heap snapshot diff over 500 cycles
 * (432 KB, 2 December), and 0.83 MB of the raw 1.55 MB growth at 1,000 cycles. No agent's browser
 * has DevTools on the worker, so that log is left out of the figure judged; the raw reading is
 * printed beside it.
 */
const DEVTOOLS_ONLY = /^blink::NetworkResourcesData/;

interface HeapReading {
  /** Used heap (Runtime.getHeapUsage), bytes. */
  used: number;
  /** Of which DevTools' own network log, bytes (from a heap snapshot). */
  devtools: number;
}

/**
 * The snapshot is taken at the last reading only: a heap snapshot leaves memory of its own behind,
 * which an earlier one would add to the later reading. After 10 cycles the log holds about 30
 * records (about 9 KB, under 0.5 % of the heap), counted as none.
 */
async function heapAfterGc(worker: WorkerCdp, last: boolean): Promise<HeapReading> {
  // Let the last storage.onChanged work (badge, follow alarm) finish before collecting.
  await pause(300);
  for (let i = 0; i < 3; i++) await worker.send('HeapProfiler.collectGarbage');
  const usage = await worker.send<{ usedSize: number }>('Runtime.getHeapUsage');
  return { used: usage.usedSize, devtools: last ? await devtoolsBytes(worker) : 0 };
}

/** Self sizes of the heap snapshot's nodes that only exist because DevTools is attached. */
async function devtoolsBytes(worker: WorkerCdp): Promise<number> {
  let text = '';
  const stop = worker.on('HeapProfiler.addHeapSnapshotChunk', (params) => {
    text += String(params.chunk ?? '');
  });
  try {
    await worker.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    stop();
  }
  const snap = JSON.parse(text) as {
    snapshot: { meta: { node_fields: string[] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snap.snapshot.meta.node_fields;
  const [name, size] = [fields.indexOf('name'), fields.indexOf('self_size')];
  let bytes = 0;
  for (let i = 0; i < snap.nodes.length; i += fields.length) {
    if (DEVTOOLS_ONLY.test(snap.strings[snap.nodes[i + name] ?? 0] ?? '')) bytes += snap.nodes[i + size] ?? 0;
  }
  return bytes;
}

export async function measureMemory(
  h: Harness,
  counts: { early: number; late: number },
  deadlineMs: number,
): Promise<MemoryResult> {
  const deadline = Date.now() + deadlineMs;
  h.emulator.reset();
  // The worker must be running to attach; an accept wakes it. DevTools attached also keeps it
  // from idling out, so both readings come from one worker life (checked below).
  const early = await cycles(h, counts.early, deadline);
  const worker = await attachToWorker(h.browser.context, h.browser.extensionId);
  try {
    const heapEarly = await heapAfterGc(worker, false);
    const late = early + (await cycles(h, counts.late - early, deadline));
    const heapLate = await heapAfterGc(worker, true);
    const workerRestarted = (await worker.currentTargetId()) !== worker.targetId;
    return { cycles: { early, late }, planned: counts, heapEarly, heapLate, workerRestarted };
  } finally {
    await worker.close();
  }
}

export function memoryChecks(r: MemoryResult): Check[] {
  const mb = (bytes: number) => bytes / (1024 * 1024);
  const base = {
    phase: 'memory',
    figure: `Worker JS heap after ${r.cycles.late} accept/end cycles`,
    unit: 'MB',
    floorLabel: `same worker after ${r.cycles.early} cycles`,
    detail:
      'used heap after forced GC (CDP HeapProfiler.collectGarbage, Runtime.getHeapUsage), less DevTools’ own network log ' +
      `(blink::NetworkResourcesData in a heap snapshot at the end: ` +
      `${mb(r.heapLate.devtools).toFixed(2)} MB); raw ${mb(r.heapEarly.used).toFixed(2)} → ${mb(r.heapLate.used).toFixed(2)} MB`,
  };
  const judged = (h: HeapReading) => mb(h.used - h.devtools);
  const short = r.planned.late - r.cycles.late;
  return [
    correctnessCheck(
      'memory',
      'Memory: cycles not run (phase time limit)',
      short,
      short > 0 ? `${r.cycles.late} of ${r.planned.late} cycles before the time limit` : undefined,
    ),
    correctnessCheck(
      'memory',
      'Memory: worker restarted between the two readings',
      r.workerRestarted ? 1 : 0,
      r.workerRestarted ? 'the two heaps come from different worker lives: not comparable' : undefined,
    ),
    ratioCheck(
      base,
      r.workerRestarted ? Number.POSITIVE_INFINITY : judged(r.heapLate),
      judged(r.heapEarly),
      25,
    ),
  ];
}
