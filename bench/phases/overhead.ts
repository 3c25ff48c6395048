import type { CDPSession, Page } from 'playwright-core';
import { waitUntil } from '../../tests/e2e/fixtures/wait';
import { rulesModeIn } from '../../tests/e2e/support/rules-mode';
import { type Check, correctnessCheck, ratioCheck } from '../lib/checks';
import { connectedConversation, type Harness, recordStates, waitForStates } from '../lib/harness';
import { announce, pause } from '../lib/page';
import { startSyntheticDesktop, WITH_SCRIPT, WITHOUT_SCRIPT } from '../synthetic/server';

export interface OverheadSample {
  withScript: boolean;
  scriptMs: number;
  taskMs: number;
  mutations: number;
  keys: number;
  clicks: number;
  elapsedMs: number;
  elements: number;
  /** How the DOM rules noticed changes in this window (dom-rules.ts), read from the content script's world. */
  mode: string;
}

export interface OverheadResult {
  samples: OverheadSample[];
  scriptMs: { with: number; without: number };
  taskMs: { with: number; without: number };
}

type Metrics = Record<string, number>;

async function metrics(cdp: CDPSession): Promise<Metrics> {
  const { metrics: list } = (await cdp.send('Performance.getMetrics')) as {
    metrics: { name: string; value: number }[];
  };
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

let probes = 0;

/**
 * Whether the detector runs in the page, by what it does: a page event for a connected chat must
 * give a record within seconds. (DevTools' context list cannot tell: once a renderer has hosted
 * the extension's world, it lists that world in every later document.)
 */
async function detectorRuns(h: Harness, page: Page): Promise<boolean> {
  const id = connectedConversation(h, `probe-${process.pid}-${++probes}`);
  await announce(page, 'accepted', id);
  const states = await waitUntil(
    () => recordStates(h, [id]),
    ([state]) => state === 'pending',
    { timeout: 3_000, interval: 50 },
  ).catch(() => recordStates(h, [id]));
  if (states[0] === undefined) return false;
  await announce(page, 'ended', id);
  await waitForStates(h, [id], 'ended');
  return true;
}

async function sample(
  page: Page,
  cdp: CDPSession,
  h: Harness,
  url: string,
  withScript: boolean,
  windowMs: number,
) {
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
  // The detector's one-off start (settings round trip, first scan) is not the steady state.
  await pause(500);
  const before = await metrics(cdp);
  const run = await page.evaluate(
    ([ms]) =>
      (
        window as unknown as { benchBusy(ms: number, rate: number, seed: number): Promise<OverheadSample> }
      ).benchBusy(ms, 500, 7),
    [windowMs] as const,
  );
  const after = await metrics(cdp);
  const delta = (name: string) => ((after[name] ?? 0) - (before[name] ?? 0)) * 1000;
  const mode = withScript ? await h.recorder.evaluate(rulesModeIn, url) : 'none';
  // Checked after the window, so the probe's own work stays out of it.
  if ((await detectorRuns(h, page)) !== withScript) {
    throw new Error(
      `Overhead phase: the content script ${withScript ? 'did not run in' : 'ran in'} ${url}; ` +
        'check that desktopUrlPatterns is http://127.0.0.1/desktop* and the extension is built.',
    );
  }
  return { ...run, withScript, mode, scriptMs: delta('ScriptDuration'), taskMs: delta('TaskDuration') };
}

/** Same browser, same page, one tab; with and without the detector in ABBA order. */
export async function measureOverhead(h: Harness, windowMs: number, rounds: number): Promise<OverheadResult> {
  const server = await startSyntheticDesktop();
  const page = await h.browser.context.newPage();
  const cdp = await h.browser.context.newCDPSession(page);
  try {
    // Thread CPU time, not wall time: on two shared cores a descheduled thread would count as busy.
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    const samples: OverheadSample[] = [];
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? [true, false] : [false, true];
      for (const withScript of order) {
        const url = server.url + (withScript ? WITH_SCRIPT : WITHOUT_SCRIPT);
        samples.push(await sample(page, cdp, h, url, withScript, windowMs));
      }
    }
    const total = (w: boolean, key: 'scriptMs' | 'taskMs') =>
      samples.filter((s) => s.withScript === w).reduce((sum, s) => sum + s[key], 0);
    return {
      samples,
      scriptMs: { with: total(true, 'scriptMs'), without: total(false, 'scriptMs') },
      taskMs: { with: total(true, 'taskMs'), without: total(false, 'taskMs') },
    };
  } finally {
    await cdp.detach().catch(() => undefined);
    await page.close();
    await server.close();
  }
}

export function overheadChecks(r: OverheadResult): Check[] {
  const n = r.samples.length / 2;
  const rate = r.samples.map((s) => (s.mutations / s.elapsedMs) * 1000);
  const task = (r.taskMs.with / r.taskMs.without - 1) * 100;
  const seconds = r.samples.filter((s) => s.withScript).reduce((sum, s) => sum + s.elapsedMs, 0) / 1000;
  const added = (r.scriptMs.with - r.scriptMs.without) / seconds;
  // Windows were taken in ABBA order, so neighbours form pairs; their spread shows the noise that
  // the sum averages out (a sum inside budget with pairs all over the place is luck, not a result).
  const withs = r.samples.filter((s) => s.withScript);
  const withouts = r.samples.filter((s) => !s.withScript);
  const ratios = withs.flatMap((s, i) => {
    const other = withouts[i];
    return other ? [(s.scriptMs / other.scriptMs - 1) * 100] : [];
  });
  const pct = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(1)} %`;
  const spread = ratios.length
    ? `window pairs ${pct(Math.min(...ratios))} … ${pct(Math.max(...ratios))} (spread ${(Math.max(...ratios) - Math.min(...ratios)).toFixed(1)} points): ${ratios.map(pct).join(', ')}`
    : 'no window pairs';
  const inputs = r.samples.filter((s) => s.withScript)[0];
  const modes = r.samples.filter((s) => s.withScript).map((s) => s.mode);
  return [
    // The budget is for the detector as it runs in a visible desktop: the style sentinel. A window
    // on the observer and sweeps (the sentinel's probe failed) measures the fallback instead.
    correctnessCheck(
      'overhead',
      'Busy desktop: windows where the DOM rules did not run on the style sentinel',
      modes.filter((mode) => mode !== 'sentinel').length,
      `modes: ${modes.join(', ')}`,
    ),
    ratioCheck(
      {
        phase: 'overhead',
        figure: 'Busy desktop: main-thread script time with the detector',
        unit: 'ms',
        floorLabel: 'same page without it',
        detail:
          `sum of ${n} window(s) each (the figure judged), alternating; ${spread}; ` +
          `${added.toFixed(1)} ms of script added per second; ` +
          `task time ${task >= 0 ? '+' : ''}${task.toFixed(1)} %; ` +
          `${Math.min(...rate).toFixed(0)}–${Math.max(...rate).toFixed(0)} mutations/s over ` +
          `${Math.min(...r.samples.map((s) => s.elements))}+ elements, watched attributes included` +
          (inputs ? `; ${inputs.keys} keyups and ${inputs.clicks} pointerups per window` : ''),
      },
      r.scriptMs.with,
      r.scriptMs.without,
      2,
    ),
  ];
}
