import type { Page } from 'playwright-core';
import { type Emulator, startEmulator } from '../../emulator/server';
import { type ExtensionBrowser, stopWorker } from '../../tests/e2e/fixtures/extension';
import { configure, openDesktop, signIn } from '../../tests/e2e/fixtures/flows';
import { waitUntil } from '../../tests/e2e/fixtures/wait';
import { REFERENCE_DESKTOP, startSyntheticDesktop } from '../synthetic/server';
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
  /** The minimal reference extension (bench/reference), loaded in the same browser. */
  reference: Reference;
  close(): Promise<void>;
}

export interface Reference {
  extensionId: string;
  /** Its own desktop tab (a URL only its content script matches). */
  desktop: Page;
  stopWorker(): Promise<void>;
}

/**
 * The reference extension's id (unpacked, so derived from its path), its desktop tab, and its
 * configuration: the same API base URL, agent and token as ours, in its storage.session.
 */
export async function openReference(
  browser: ExtensionBrowser,
  base: string,
  apiBaseUrl: string,
  token: string,
) {
  const isReference = (url: string) => url.startsWith('chrome-extension://') && url.endsWith('/worker.js');
  const worker =
    browser.context.serviceWorkers().find((w) => isReference(w.url())) ??
    (await browser.context.waitForEvent('serviceworker', { predicate: (w) => isReference(w.url()) }));
  const extensionId = new URL(worker.url()).host;
  await worker.evaluate((config) => chrome.storage.session.set({ config }), {
    apiBaseUrl,
    agentId: AGENT,
    token,
  });
  const desktop = await browser.context.newPage();
  await desktop.goto(base + REFERENCE_DESKTOP);
  await desktop.waitForSelector('body[data-ready="true"]');
  return { extensionId, desktop, stopWorker: () => stopWorker(browser.context, extensionId) };
}

/** `prepare` may change the snapshot of dist/ before the browser loads it (explain cold's trace). */
export async function openHarness(prepare?: (dist: string) => void): Promise<Harness> {
  const snapshot = snapshotDist();
  prepare?.(snapshot.dir);
  // Far above any burst here: the default 30/s would turn the load phases into a rate-limit test.
  const emulator = await startEmulator({ control: true, rateLimit: { max: 100_000, windowMs: 1000 } });
  const pages = await startSyntheticDesktop();
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
    const reference = await openReference(browser, pages.url, emulator.url, token);
    if (process.env.BENCH_DEBUG) await forwardConsoles(browser, [desktop, recorder]);
    const opened = browser;
    return {
      emulator,
      browser: opened,
      desktop,
      recorder,
      token,
      dist: snapshot.dir,
      reference,
      async close() {
        await opened.close();
        await emulator.close();
        await pages.close();
        snapshot.remove();
      },
    };
  } catch (error) {
    await browser?.close();
    await emulator.close();
    await pages.close();
    snapshot.remove();
    throw error;
  }
}

/**
 * The demo desktop redraws every chat every 300 ms. Its own latency is not ours, and its polling
 * would add the same noise to both sides of every pair, so only that timer is dropped; the page,
 * its origin, its content script and everything else stay as they are.
 */
export async function quietDesktop(desktop: Page): Promise<void> {
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
export function recordStates(
  h: Pick<Harness, 'recorder'>,
  ids: readonly string[],
): Promise<(string | undefined)[]> {
  return h.recorder.evaluate(async (list) => {
    const all = await chrome.storage.local.get(list.map((id) => `conv:${id}`));
    return list.map((id) => (all[`conv:${id}`] as { state?: string } | undefined)?.state);
  }, ids);
}

export async function waitForStates(
  h: Pick<Harness, 'recorder'>,
  ids: readonly string[],
  state: string,
  timeout = 15_000,
) {
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
