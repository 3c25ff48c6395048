import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../emulator/server';
import { HISTORY_CAP } from '../../src/shared/records';
import { type ExtensionBrowser, launchExtension } from './fixtures/extension';
import { configure, openDesktop, signIn } from './fixtures/flows';
import {
  announce,
  type ConsoleLine,
  creates,
  fromExtension,
  quietPage,
  recordConsole,
} from './support/harness';

/**
 * Accept/end cycles through the real detector and worker. `npm test` runs SOAK_CYCLES (default 150:
 * the history cap of 100 plus 50, so records are evicted, the byte count is compared once past the
 * cap, and the emulator is reset mid-run; about 9 s quiet). Each further 50 cycles repeats the same
 * checks, so the default proves every property once; the long soak for leaks that only many cycles
 * show is `SOAK_CYCLES=1000 npx vitest run --project e2e tests/e2e/soak.test.ts`.
 */
const CYCLES = Number(process.env.SOAK_CYCLES ?? 150);
// SOAK_CYCLES=0 (or a typo) would run no cycle and still pass: refuse it loudly instead.
if (!Number.isInteger(CYCLES) || CYCLES < 1)
  throw new Error(`SOAK_CYCLES must be a whole number of at least 1, got "${process.env.SOAK_CYCLES}"`);
const RESET_EVERY = 100; // keeps the emulator's chat list (and the desktop page drawing it) small

describe(`soak: ${CYCLES} accept/end cycles`, () => {
  let emulator: Emulator;
  let browser: ExtensionBrowser;
  let desktop: Page;
  let lines: ConsoleLine[];

  beforeAll(async () => {
    emulator = await startEmulator({ control: true, rateLimit: { max: 100_000, windowMs: 1_000 } });
    browser = await launchExtension();
    lines = recordConsole(browser.context);
    await configure(browser, emulator);
    await signIn(browser, await quietPage(browser));
    desktop = await openDesktop(browser, emulator);
  });
  afterAll(async () => {
    await browser?.close();
    await emulator?.close();
  });

  /** Waits inside the worker for the record to reach `state`, driven by storage events, not polling. */
  async function reach(id: string, state: string) {
    const worker = await browser.worker();
    const reached = await worker.evaluate(
      ([key, wanted]) =>
        new Promise<string>((resolve) => {
          const done = (value: { state?: string } | undefined) => {
            if (value?.state !== wanted) return false;
            chrome.storage.onChanged.removeListener(listener);
            clearTimeout(timer);
            resolve(wanted);
            return true;
          };
          const listener = (changes: Record<string, chrome.storage.StorageChange>) =>
            void done(changes[key]?.newValue as { state?: string } | undefined);
          const timer = setTimeout(async () => {
            chrome.storage.onChanged.removeListener(listener);
            resolve(
              `timed out; state ${JSON.stringify(((await chrome.storage.local.get(key))[key] as { state?: string })?.state)}`,
            );
          }, 10_000);
          chrome.storage.onChanged.addListener(listener);
          void chrome.storage.local.get(key).then((all) => done(all[key] as { state?: string }));
        }),
      [`conv:${id}`, state] as const,
    );
    expect(reached, `conversation ${id}`).toBe(state);
  }

  const storedRecords = async () =>
    (await browser.worker()).evaluate(async () => ({
      count: Object.keys(await chrome.storage.local.get(null)).filter((k) => k.startsWith('conv:')).length,
      bytes: await chrome.storage.local.getBytesInUse(null),
    }));

  it(
    'no error, no duplicate, and stored records stay within the history cap',
    async () => {
      const started = Date.now();
      let posts = 0;
      let bytesAtCap: number | undefined;
      for (let cycle = 1; cycle <= CYCLES; cycle += 1) {
        const { id } = emulator.createConversation();
        emulator.acceptConversation(id, 'agent-ada');
        await announce(desktop, 'accepted', id);
        await reach(id, 'pending');
        emulator.endConversation(id);
        await announce(desktop, 'ended', id);
        await reach(id, 'ended');
        expect(emulator.sessions().filter((s) => s.conversationId === id)).toHaveLength(1);

        if (cycle % RESET_EVERY === 0 || cycle === CYCLES) {
          posts += creates(emulator).length;
          expect(posts).toBe(cycle); // one create POST per chat, none repeated
          emulator.reset();
        }
        if (cycle % 50 === 0 || cycle === CYCLES) {
          const { count, bytes } = await storedRecords();
          expect(count).toBe(Math.min(cycle, HISTORY_CAP));
          if (cycle >= HISTORY_CAP) {
            bytesAtCap ??= bytes;
            expect(bytes).toBeLessThan(bytesAtCap * 1.1);
          }
        }
      }
      const ours = (l: ConsoleLine) =>
        fromExtension(browser.extensionId)(l) || l.text.includes('Cobrowse Autostart');
      const problems = lines.filter((l) => ours(l) && (l.type === 'error' || l.type === 'warning'));
      expect(problems).toEqual([]);
      const seconds = (Date.now() - started) / 1000;
      console.info(
        `soak: ${CYCLES} cycles in ${seconds.toFixed(1)} s, ${(await storedRecords()).count} records kept`,
      );
    },
    Math.max(60_000, CYCLES * 400),
  );
});
