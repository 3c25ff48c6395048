// Runs code as one of our content scripts: chrome.scripting.executeScript from the worker, in the
// extension's ISOLATED world of a tab. Chromium then fills `sender` for whatever that code sends
// exactly as it does for dist/content.js (same world, same extension), so the router's checks and
// the storage access rules meet the real thing.
import type { ExtensionBrowser } from '../fixtures/extension';

export interface FrameReply {
  frameId: number;
  top: boolean;
  reply?: unknown;
  thrown?: string;
}

/**
 * Sends `message` from the isolated world of the tab's top frame, or of its subframes only, and
 * returns each frame's reply (or what sending threw).
 */
export async function sendAsContentScript(
  browser: ExtensionBrowser,
  tabId: number,
  message: unknown,
  { subframes = false } = {},
): Promise<FrameReply[]> {
  const worker = await browser.worker();
  const replies = await worker.evaluate(
    async ([tab, msg, sub]) => {
      const results = await chrome.scripting.executeScript({
        target: { tabId: tab, allFrames: sub },
        world: 'ISOLATED',
        args: [msg, sub],
        func: async (m: unknown, onlySubframes: boolean) => {
          if (onlySubframes && window === window.top) return { top: true };
          try {
            return { top: window === window.top, reply: await chrome.runtime.sendMessage(m) };
          } catch (error) {
            return { top: window === window.top, thrown: String(error) };
          }
        },
      });
      return results.map((r) => ({ frameId: r.frameId, ...(r.result as object) }) as FrameReply);
    },
    [tabId, message, subframes] as const,
  );
  return subframes ? replies.filter((r) => !r.top) : replies;
}

/** What a content script gets when it reads storage.session (the token's area) and storage.local. */
export async function contentScriptStorageAccess(browser: ExtensionBrowser, tabId: number) {
  const worker = await browser.worker();
  return worker.evaluate(async (tab) => {
    const [first] = await chrome.scripting.executeScript({
      target: { tabId: tab },
      world: 'ISOLATED',
      func: async () => {
        const attempt = async (read: () => Promise<unknown>) => {
          try {
            return { ok: true, value: JSON.stringify(await read()) };
          } catch (error) {
            return { ok: false, error: String(error) };
          }
        };
        return {
          session: await attempt(() => chrome.storage.session.get(null)),
          sessionAuth: await attempt(() => chrome.storage.session.get('auth')),
          local: await attempt(() => chrome.storage.local.get(null)),
        };
      },
    });
    return first?.result;
  }, tabId);
}

/**
 * Wraps chrome.runtime.sendMessage in the tab's isolated world, which dist/content.js shares and
 * calls at send time: from now on every message the content script sends and every reply it gets
 * is recorded there (plus the detector's load-time get-detection, asked again). `capturedTraffic`
 * reads the record back.
 */
export async function recordContentScriptTraffic(browser: ExtensionBrowser, tabId: number): Promise<void> {
  const worker = await browser.worker();
  await worker.evaluate(async (tab) => {
    await chrome.scripting.executeScript({
      target: { tabId: tab },
      world: 'ISOLATED',
      func: () => {
        const scope = globalThis as unknown as { __traffic?: unknown[] };
        if (scope.__traffic) return;
        const traffic: unknown[] = [];
        scope.__traffic = traffic;
        const original = chrome.runtime.sendMessage.bind(chrome.runtime) as (m: unknown) => Promise<unknown>;
        (chrome.runtime as unknown as { sendMessage: unknown }).sendMessage = async (m: unknown) => {
          const reply = await original(m);
          traffic.push({ sent: m, reply });
          return reply;
        };
        chrome.runtime.onMessage.addListener((m) => void traffic.push({ received: m }));
        // The detector asked for its settings at load, before this wrapper: ask again through it.
        void chrome.runtime.sendMessage({ type: 'get-detection', payload: {} });
      },
    });
  }, tabId);
}

export async function capturedTraffic(browser: ExtensionBrowser, tabId: number): Promise<unknown[]> {
  const worker = await browser.worker();
  return worker.evaluate(async (tab) => {
    const [first] = await chrome.scripting.executeScript({
      target: { tabId: tab },
      world: 'ISOLATED',
      func: () => (globalThis as unknown as { __traffic?: unknown[] }).__traffic ?? [],
    });
    return (first?.result as unknown[]) ?? [];
  }, tabId);
}
