import type { CDPSession, Page } from 'playwright-core';
import { configure } from '../../tests/e2e/fixtures/flows';
import type { Harness } from '../lib/harness';
import { pause } from '../lib/page';
import { startSyntheticDesktop, WITH_SCRIPT, WITHOUT_SCRIPT } from '../synthetic/server';

const RULE = '[data-cobrowse-conversation-id][data-cobrowse-state="accepted"]';
const RULE_ATTRIBUTES = ['data-cobrowse-conversation-id', 'data-cobrowse-state'];

/** An observer installed by the page itself, to price observer shapes without the extension. */
type Shape =
  | 'childList, empty callback'
  | 'childList, walk added nodes'
  | 'attributes only'
  | 'attributes + rescan every 250 ms';

async function installShape(page: Page, shape: Shape) {
  await page.evaluate(
    ([kind, rule, attributeFilter]) => {
      const observer = new MutationObserver((records) => {
        if (kind === 'childList, walk added nodes') {
          for (const record of records)
            for (const node of record.addedNodes) if (node instanceof Element) node.matches(rule);
        }
      });
      // No childList: elements inserted already matching are found by a periodic query instead.
      if (kind === 'attributes + rescan every 250 ms')
        window.setInterval(() => document.querySelectorAll(rule), 250);
      const childList = kind.startsWith('childList');
      observer.observe(document, { subtree: true, childList, attributes: true, attributeFilter });
      (window as unknown as { keep: unknown }).keep = observer;
    },
    [shape, RULE, RULE_ATTRIBUTES] as const,
  );
}

async function scriptMs(page: Page, cdp: CDPSession, url: string, windowMs: number, shape?: Shape) {
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
  if (shape) await installShape(page, shape);
  await pause(500);
  const read = async () =>
    (
      (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] }
    ).metrics.find((m) => m.name === 'ScriptDuration')?.value ?? 0;
  const before = await read();
  await page.evaluate(
    (ms) =>
      (window as unknown as { benchBusy(a: number, b: number, c: number): Promise<unknown> }).benchBusy(
        ms,
        500,
        7,
      ),
    windowMs,
  );
  return (((await read()) - before) * 1000) / (windowMs / 1000);
}

/**
 * What the detector's desktop overhead is made of: the page alone, the detector with its default
 * DOM rule, the detector with no DOM rule (page events only), and observer shapes in the page's
 * own world. Script ms per second of busy desktop, mean of `rounds` windows in alternating order.
 * It still loads one tab afresh for each window, the method the overhead phase dropped because it
 * measured the page against itself at +11 % (bench/README.md, "Busy desktop: measuring a 2 %
 * difference"): read its differences of a few percent as noise, its large ones as findings.
 */
export async function explainDesktop(h: Harness, windowMs: number, rounds: number): Promise<string> {
  const server = await startSyntheticDesktop();
  const page = await h.browser.context.newPage();
  const cdp = await h.browser.context.newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  const plain = server.url + WITHOUT_SCRIPT;
  const cases: [string, () => Promise<number>][] = [
    ['page alone', () => scriptMs(page, cdp, plain, windowMs)],
    ['detector, default DOM rule', () => scriptMs(page, cdp, server.url + WITH_SCRIPT, windowMs)],
    ...(
      [
        'childList, empty callback',
        'childList, walk added nodes',
        'attributes only',
        'attributes + rescan every 250 ms',
      ] as Shape[]
    ).map((shape): [string, () => Promise<number>] => [
      `page + observer: ${shape}`,
      () => scriptMs(page, cdp, plain, windowMs, shape),
    ]),
  ];
  const results = new Map<string, number[]>();
  const run = async (list: typeof cases, round: number) => {
    for (const [name, measure] of round % 2 ? [...list].reverse() : list) {
      results.set(name, [...(results.get(name) ?? []), await measure()]);
    }
  };
  for (let round = 0; round < rounds; round++) await run(cases, round);
  // Same detector, no DOM rule: what is left is the page-event listeners and the isolated world.
  await configure(h.browser, h.emulator, { detection: { pageEvent: true, domRules: [] } });
  for (let round = 0; round < rounds; round++)
    await run(
      [
        cases[0] as (typeof cases)[0],
        ['detector, no DOM rule', () => scriptMs(page, cdp, server.url + WITH_SCRIPT, windowMs)],
      ],
      round,
    );
  await page.close();
  await server.close();
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const base = mean(results.get('page alone') ?? []);
  return [
    `### Busy desktop: script ms per second (${rounds} × ${windowMs / 1000} s windows each, thread time)`,
    '',
    '| Case | Script ms/s | vs page alone |',
    '| --- | --- | --- |',
    ...[...results.entries()].map(([name, xs]) => {
      const m = mean(xs);
      return `| ${name} | ${m.toFixed(1)} | ${m >= base ? '+' : ''}${((m / base - 1) * 100).toFixed(1)} % |`;
    }),
  ].join('\n');
}
