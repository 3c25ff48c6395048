// `npm run bench [-- --quick]`: the extension in real Chromium against the emulator, each figure
// beside a floor measured in the same run. Builds nothing: run `npx vite build` first.
import { resolve } from 'node:path';
import type { Check } from './lib/checks';
import { type Harness, openHarness } from './lib/harness';
import { requireBuild } from './lib/launch';
import { describeMachine, markdownTable, writeJson } from './lib/report';
import { burstChecks, measureBurst } from './phases/burst';
import { latencyChecks, measureLatency } from './phases/latency';
import { measureMemory, memoryChecks } from './phases/memory';
import { measureOverhead, overheadChecks } from './phases/overhead';
import { measurePopup, popupChecks } from './phases/popup';
import { measureSizes, sizeChecks } from './phases/size';

const quick = process.argv.includes('--quick');
const RESULTS = resolve(import.meta.dirname, 'results', quick ? 'quick.json' : 'latest.json');

/** Counts per mode. Quick is a smoke run (CI): every phase runs, small, in well under 90 s. */
const PLAN = quick
  ? { popup: 3, warm: 30, cold: 5, burst: 50, memory: { early: 10, late: 60 }, overheadMs: 2_000, rounds: 1 }
  : {
      popup: 15,
      warm: 200,
      cold: 30,
      burst: 50,
      memory: { early: 10, late: 1_000 },
      overheadMs: 10_000,
      rounds: 5,
    };

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const start = Date.now();
  process.stderr.write(`bench: ${label}…`);
  const result = await work();
  process.stderr.write(` ${((Date.now() - start) / 1000).toFixed(1)} s\n`);
  return result;
}

async function main(): Promise<number> {
  const started = Date.now();
  requireBuild();
  const checks: Check[] = [];
  const raw: Record<string, unknown> = {};
  let h: Harness | undefined;
  try {
    h = await timed('browser, emulator, sign-in', openHarness);
    const open = h;
    const sizes = measureSizes(open.dist);
    // First, while no session is pending: an open popup makes the worker follow pending ones.
    const popup = await timed(`popup (${PLAN.popup} openings × 2)`, () => measurePopup(open, 50, PLAN.popup));
    checks.push(...popupChecks(popup));
    const warm = await timed(`warm latency (${PLAN.warm} pairs)`, () =>
      measureLatency(open, { runs: PLAN.warm, warmup: 5, cold: false, deadlineMs: 120_000 }),
    );
    const cold = await timed(`cold latency (${PLAN.cold} pairs)`, () =>
      measureLatency(open, { runs: PLAN.cold, warmup: 1, cold: true, deadlineMs: 90_000 }),
    );
    checks.push(...latencyChecks(warm, cold));
    const burst = await timed(`burst (${PLAN.burst} chats)`, () => measureBurst(open, PLAN.burst));
    checks.push(...burstChecks(burst));
    const memory = await timed(`memory (${PLAN.memory.late} cycles)`, () =>
      measureMemory(open, PLAN.memory, 150_000),
    );
    checks.push(...memoryChecks(memory));
    const overhead = await timed(`desktop overhead (${PLAN.rounds * 2} × ${PLAN.overheadMs / 1000} s)`, () =>
      measureOverhead(open, PLAN.overheadMs, PLAN.rounds),
    );
    checks.push(...overheadChecks(overhead));
    checks.push(...sizeChecks(sizes));
    Object.assign(raw, { sizes, popup, warm, cold, burst, memory, overhead });
    const machine = await describeMachine(h.desktop);
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `\n## Benchmark (${quick ? 'quick: budgets not enforced' : 'full'}, ${seconds.toFixed(0)} s)\n`,
    );
    console.log(markdownTable(checks, machine));
    writeJson(RESULTS, {
      mode: quick ? 'quick' : 'full',
      at: new Date().toISOString(),
      seconds,
      machine,
      plan: PLAN,
      checks,
      raw,
    });
    console.log(`\nJSON: ${RESULTS}`);
  } finally {
    await h?.close();
  }
  const failed = checks.filter((c) => !c.pass);
  if (failed.length > 0)
    console.log(`\n${failed.length} budget(s) missed${quick ? ' (quick mode: not enforced)' : ''}.`);
  return quick || failed.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('bench failed:', error);
    process.exit(2);
  },
);
