import { afterAll, beforeAll, describe, it } from 'vitest';
import { type Emulator, startEmulator } from '../../emulator/server';
import { type DetachedBrowser, launchDetached } from './fixtures/detached';
import { configure, openDesktop, signIn } from './fixtures/flows';
import { sessionsFor } from './support/harness';

// Chrome stops an idle extension worker after 30 s without events; the next accept then pays a
// worker start-up. A visible desktop tab pings the worker (content/keep-awake.ts) so it stays up.
// These run without Playwright attached to the worker (fixtures/detached.ts): an attached DevTools
// keeps any worker alive and would make both tests pass whatever the extension does.
// The two cases are idle waits, so each has its own browser and they run at the same time.
/** 1.5 × Chrome's 30 s idle timeout: a worker nothing keeps awake is stopped well inside it. */
const IDLE_MS = 45_000;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the worker stays up while a desktop tab is open and visible, and only then', () => {
  let emulator: Emulator;
  /** Signed in, with a desktop tab open, and detached; one per test. */
  const browsers: DetachedBrowser[] = [];
  const prepare = async () => {
    const chrome = await launchDetached();
    browsers.push(chrome);
    const { browser, release } = await chrome.attach();
    await configure(browser, emulator);
    const options = await browser.openOptions();
    await signIn(browser, options);
    await options.close();
    await openDesktop(browser, emulator, '?agent=agent-ada');
    await release();
    return chrome;
  };
  let awake: DetachedBrowser;
  let closing: DetachedBrowser;

  beforeAll(async () => {
    emulator = await startEmulator({ control: true });
    [awake, closing] = await Promise.all([prepare(), prepare()]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all(browsers.map((b) => b.close()));
    await emulator?.close();
  });

  it.concurrent('an untouched desktop tab keeps the worker running for 45 s; the accept then starts the session', async ({
    expect,
  }) => {
    const chrome = awake;
    expect(chrome.workerRunning()).toBe(true);
    const stopsBefore = chrome.workerStops().length;
    await pause(IDLE_MS);
    expect(chrome.workerStops().length - stopsBefore, 'worker stops during the idle wait').toBe(0);
    expect(chrome.workerRunning()).toBe(true);

    // And it is the same running worker that takes the accept.
    const { id } = emulator.createConversation();
    emulator.acceptConversation(id, 'agent-ada');
    const desktop = await chrome.pageSession(`${emulator.url}/desktop`);
    await chrome.evaluate(
      desktop,
      `window.dispatchEvent(new CustomEvent('cobrowse:chat-accepted', { detail: { conversationId: ${JSON.stringify(id)} } }))`,
    );
    await expect.poll(() => sessionsFor(emulator, id).length, { timeout: 10_000 }).toBe(1);
    expect(chrome.workerStops().length - stopsBefore).toBe(0);
    await chrome.evaluate(
      desktop,
      `window.dispatchEvent(new CustomEvent('cobrowse:chat-ended', { detail: { conversationId: ${JSON.stringify(id)} } }))`,
    );
    await expect.poll(() => sessionsFor(emulator, id)[0]?.state, { timeout: 10_000 }).toBe('ended');
  }, 120_000);

  it.concurrent('with no desktop tab left, Chrome is free to stop the worker', async ({ expect }) => {
    const chrome = closing;
    const { targetInfos } = await chrome.cdp.send<{ targetInfos: { targetId: string; url: string }[] }>(
      'Target.getTargets',
    );
    const desktops = targetInfos.filter((t) => t.url.startsWith(`${emulator.url}/desktop`));
    expect(desktops.length).toBeGreaterThan(0);
    for (const tab of desktops) await chrome.cdp.send('Target.closeTarget', { targetId: tab.targetId });
    const stopsBefore = chrome.workerStops().length;
    // The follow alarm is off (no session pending): nothing else wakes the worker.
    await expect
      .poll(() => chrome.workerStops().length - stopsBefore, { timeout: IDLE_MS, interval: 1_000 })
      .toBeGreaterThan(0);
    expect(chrome.workerRunning()).toBe(false);
  }, 120_000);
});
