import type { Page } from 'playwright-core';
import { type Emulator, startEmulator } from '../../emulator/server';
import type { ExtensionBrowser } from '../../tests/e2e/fixtures/extension';
import { configure, openDesktop, signIn } from '../../tests/e2e/fixtures/flows';
import { waitUntil } from '../../tests/e2e/fixtures/wait';
import { launchSnapshot, snapshotDist } from './launch';

export const CREATE_PATH = '/api/v2/conversations/cobrowse/sessions';
export const AGENT = 'agent-ada';

/** Everything a phase drives: the emulator, the browser with the extension, and three pages. */
export interface Harness {
  emulator: Emulator;
  browser: ExtensionBrowser;
  /** The emulator's agent desktop with its own 300 ms poll switched off (see quietDesktop). */
  desktop: Page;
  /** An extension page (options) used to read storage without waking or loading the worker. */
  recorder: Page;
  /** The agent's bearer token, so the floor's POST carries the same headers as the extension's. */
  token: string;
  /** The copy of dist/ the browser loaded (see snapshotDist). */
  dist: string;
  close(): Promise<void>;
}

export async function openHarness(): Promise<Harness> {
  const snapshot = snapshotDist();
  // Far above any burst here: the default 30/s would turn the load phases into a rate-limit test.
  const emulator = await startEmulator({ control: true, rateLimit: { max: 100_000, windowMs: 1000 } });
  let browser: ExtensionBrowser | undefined;
  try {
    browser = await launchSnapshot(snapshot.dir);
    await configure(browser, emulator);
    // Signed in from the options page, not the popup: an open popup holds a "live" port and makes
    // the worker poll every session each second, which would load every measurement.
    const recorder = await browser.openOptions();
    await signIn(browser, recorder);
    const token = await recorder.evaluate(async () => {
      const { auth } = await chrome.storage.session.get('auth');
      return (auth as { accessToken?: string } | undefined)?.accessToken ?? '';
    });
    if (!token) throw new Error('Signed in, but storage.session has no auth.accessToken.');
    const desktop = await openDesktop(browser, emulator, `?agent=${AGENT}`);
    await quietDesktop(desktop);
    if (process.env.BENCH_DEBUG) await forwardConsoles(browser, [desktop, recorder]);
    const opened = browser;
    return {
      emulator,
      browser: opened,
      desktop,
      recorder,
      token,
      dist: snapshot.dir,
      async close() {
        await opened.close();
        await emulator.close();
        snapshot.remove();
      },
    };
  } catch (error) {
    await browser?.close();
    await emulator.close();
    snapshot.remove();
    throw error;
  }
}

/**
 * The demo desktop redraws every chat every 300 ms. Its own latency is not ours, and its polling
 * would add the same noise to both sides of every pair, so only that timer is dropped; the page,
 * its origin, its content script and everything else stay as they are.
 */
async function quietDesktop(desktop: Page): Promise<void> {
  await desktop.waitForSelector('body[data-ready="true"]');
  await desktop.evaluate(() => {
    const real = window.setTimeout.bind(window);
    // Assigned, not declared: tsx's keepNames would wrap a named arrow in a helper pages lack.
    window.setTimeout = ((handler: TimerHandler, ms?: number, ...rest: unknown[]) =>
      typeof handler === 'function' && handler.name === 'poll'
        ? 0
        : real(handler, ms, ...rest)) as typeof window.setTimeout;
  });
}

/** States of the conversations' records, read from an extension page (the worker is not involved). */
export function recordStates(h: Harness, ids: readonly string[]): Promise<(string | undefined)[]> {
  return h.recorder.evaluate(async (list) => {
    const all = await chrome.storage.local.get(list.map((id) => `conv:${id}`));
    return list.map((id) => (all[`conv:${id}`] as { state?: string } | undefined)?.state);
  }, ids);
}

export async function waitForStates(h: Harness, ids: readonly string[], state: string, timeout = 15_000) {
  await waitUntil(
    () => recordStates(h, ids),
    (states) => states.every((s) => s === state),
    { timeout, interval: 10, what: `${ids.length} record(s) to reach "${state}"` },
  );
}

/** A conversation the agent is connected to server-side, as after a real Accept. */
export function connectedConversation(h: Harness, id: string): string {
  h.emulator.createConversation({ id });
  h.emulator.acceptConversation(id, AGENT);
  return id;
}

/** BENCH_DEBUG=1: the worker's and the pages' warnings and errors on stderr, to see why a run stalled. */
async function forwardConsoles(browser: ExtensionBrowser, pages: Page[]) {
  const forward = (from: string) => (message: { type(): string; text(): string }) => {
    if (message.type() === 'warning' || message.type() === 'error')
      process.stderr.write(`\n[${from} ${message.type()}] ${message.text().slice(0, 500)}\n`);
  };
  for (const page of pages) page.on('console', forward(new URL(page.url()).pathname));
  (await browser.worker()).on('console', forward('worker'));
}
