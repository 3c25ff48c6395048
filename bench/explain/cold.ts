import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectedConversation, type Harness, waitForStates } from '../lib/harness';
import { announce, createReceived, pause } from '../lib/page';
import { summarize } from '../lib/stats';
import { addSteps, type Steps, stepRows, takeTrace, tracePrelude } from '../lib/trace';
import { referenceRun } from '../phases/latency';

const LOADER = 'service-worker-loader.js';

/**
 * Rewrites the snapshot's worker loader so that the trace is installed before any of our code runs,
 * and each chunk's evaluation is stamped: the loader imports the chunks one by one, in the order the
 * entry imports them, with a stamp module between each (a module is evaluated once, at its first
 * import, so the entry's own imports find them done).
 */
export function prepareColdTrace(dist: string): void {
  const entry = /import\s*'\.\/(assets\/[^']+)'/.exec(readFileSync(join(dist, LOADER), 'utf8'))?.[1];
  if (!entry) throw new Error(`${LOADER} does not import one assets/ chunk; explain cold cannot trace it.`);
  const chunks = [
    ...readFileSync(join(dist, entry), 'utf8').matchAll(/from\s*"\.\/([^"]+)"|import\s*"\.\/([^"]+)"/g),
  ]
    .map((m) => `assets/${m[1] ?? m[2]}`)
    .concat(entry);
  writeFileSync(join(dist, 'bench-trace.js'), tracePrelude());
  const lines = ["import './bench-trace.js';", stamp(dist, 0, 'worker script runs (trace installed)')];
  chunks.forEach((chunk, i) => {
    lines.push(`import './${chunk}';`, stamp(dist, i + 1, `${chunk.replace(/-[\w-]+\.js$/, '')} evaluated`));
  });
  writeFileSync(join(dist, LOADER), `${lines.join('\n')}\n`);
}

function stamp(dist: string, n: number, label: string): string {
  const file = `bench-stamp-${n}.js`;
  writeFileSync(
    join(dist, file),
    `globalThis.benchTrace.push({ label: ${JSON.stringify(label)}, start: performance.timeOrigin + performance.now() });\n`,
  );
  return `import './${file}';`;
}

/**
 * Where the cold accept → POST time goes: the worker is stopped before each accept, and the trace
 * (installed by the loader, see prepareColdTrace) lays out its start-up, each chunk's evaluation,
 * every storage call and fetch, as medians over `runs`. The reference extension's cold accept runs
 * beside each, for scale.
 */
export async function explainCold(h: Harness, runs: number): Promise<string> {
  const steps: Steps = new Map();
  const totals: number[] = [];
  const references: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const id = connectedConversation(h, `explain-cold-${process.pid}-${i}`);
    await h.browser.stopWorker();
    const stamp = await announce(h.desktop, 'accepted', id);
    const received = (await createReceived(h, id, 20_000)).receivedAt;
    await waitForStates(h, [id], 'pending');
    const worker = await h.browser.worker();
    const trace = (await takeTrace(worker)).filter((e) => e.start <= received);
    const origin = await worker.evaluate(() => performance.timeOrigin);
    await announce(h.desktop, 'ended', id);
    await waitForStates(h, [id], 'ended');
    const reference = await referenceRun(h, true);
    if (i % 20 === 19) h.emulator.reset();
    await pause(20);
    if (i === 0) continue;
    totals.push(received - stamp);
    references.push(reference);
    addSteps(
      steps,
      [
        { label: 'worker started (performance.timeOrigin)', start: origin },
        ...trace,
        { label: 'create POST received by the emulator', start: received },
      ],
      stamp,
    );
  }
  const total = summarize(totals);
  const reference = summarize(references);
  return [
    `### Cold accept → create POST, ${runs} accepts, worker stopped before each (medians, ms after the page's event)`,
    '',
    ...stepRows(steps, runs),
    '',
    `Extension p50 ${total.p50.toFixed(2)} / p95 ${total.p95.toFixed(2)} ms; ` +
      `reference extension (cold) p50 ${reference.p50.toFixed(2)} / p95 ${reference.p95.toFixed(2)} ms.`,
  ].join('\n');
}
