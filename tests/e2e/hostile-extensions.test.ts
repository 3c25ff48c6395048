import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTENSION_ID } from './fixtures/extension';
import { type Browsers, launchWithOthers } from './support/other-extensions';

// Another installed extension tries to reach ours. Ours declares externally_connectable
// { ids: [], matches: [] }, so Chromium must not deliver anything. The control is a third extension
// without that key: the same calls reach it, so a refusal is our manifest's doing, not the harness's.
const PROBER = `
globalThis.send = async (id, message) => {
  try { return { reply: await chrome.runtime.sendMessage(id, message) }; }
  catch (error) { return { error: error.message }; }
};
globalThis.connect = (id) => new Promise((resolve) => {
  const port = chrome.runtime.connect(id, { name: 'live' });
  port.onMessage.addListener((message) => resolve({ message }));
  port.onDisconnect.addListener(() => resolve({ disconnected: chrome.runtime.lastError?.message ?? true }));
  port.postMessage({ type: 'get-status', payload: {} });
});
globalThis.inject = async (url) => {
  const [tab] = await chrome.tabs.query({ url });
  try {
    await chrome.scripting.executeScript({ target: { tabId: tab.id }, func: () => document.title });
    return { injected: true };
  } catch (error) { return { error: error.message }; }
};`;

/** What PROBER puts on its worker's globalThis. */
interface Probe {
  send(id: string, message: unknown): Promise<unknown>;
  connect(id: string): Promise<unknown>;
  inject(url: string): Promise<unknown>;
}

const OPEN = `
chrome.runtime.onMessageExternal.addListener((message, sender, reply) => reply({ pong: sender.id }));
chrome.runtime.onConnectExternal.addListener((port) => port.onMessage.addListener(() => port.postMessage({ pong: port.sender.id })));`;

describe('another extension messaging ours', () => {
  let browsers: Browsers;
  let proberId: string;
  let openId: string;

  beforeAll(async () => {
    browsers = await launchWithOthers([
      {
        name: 'prober',
        worker: PROBER,
        manifest: { permissions: ['tabs', 'scripting'], host_permissions: ['<all_urls>'] },
      },
      { name: 'open', worker: OPEN },
    ]);
    [proberId, openId] = await Promise.all([browsers.idOf('prober'), browsers.idOf('open')]);
    // Listeners our product never registers, added here to see whether anything arrives at all.
    await (await browsers.ours()).evaluate(() => {
      const seen: string[] = [];
      (globalThis as unknown as { __external: string[] }).__external = seen;
      chrome.runtime.onMessageExternal.addListener(
        (_m, sender) => void seen.push(`message from ${sender.id}`),
      );
      chrome.runtime.onConnectExternal.addListener(
        (port) => void seen.push(`connect from ${port.sender?.id}`),
      );
    });
  });
  afterAll(async () => browsers?.close());

  const prober = () => browsers.other('prober');
  const external = async () =>
    (await browsers.ours()).evaluate(() => (globalThis as unknown as { __external: string[] }).__external);

  it('the control extension (no externally_connectable) is reachable by message and port', async () => {
    const worker = await prober();
    expect(await worker.evaluate((id) => (globalThis as unknown as Probe).send(id, 'ping'), openId)).toEqual({
      reply: { pong: proberId },
    });
    expect(await worker.evaluate((id) => (globalThis as unknown as Probe).connect(id), openId)).toEqual({
      message: { pong: proberId },
    });
  });

  it('ours is not: sendMessage and connect fail and nothing arrives', async () => {
    const worker = await prober();
    for (const message of [
      { type: 'get-status', payload: {} },
      { type: 'get-diagnostics', payload: {} },
      { type: 'chat-accepted', payload: { conversationId: 'c-1', source: 'page-event' } },
    ]) {
      const result = await worker.evaluate(([id, m]) => (globalThis as unknown as Probe).send(id, m), [
        EXTENSION_ID,
        message,
      ] as const);
      expect(result).toEqual({ error: 'Could not establish connection. Receiving end does not exist.' });
    }
    const port = await worker.evaluate((id) => (globalThis as unknown as Probe).connect(id), EXTENSION_ID);
    expect(port).toMatchObject({ disconnected: expect.anything() });
    expect(await external()).toEqual([]);
  });

  it('nor can it inject script into our pages', async () => {
    const page = await browsers.context.newPage();
    await page.goto(`chrome-extension://${EXTENSION_ID}/src/options/index.html`);
    const result = await (await prober()).evaluate(
      (url) => (globalThis as unknown as Probe).inject(url),
      page.url(),
    );
    expect(result).toMatchObject({ error: expect.stringMatching(/cannot access|chrome-extension/i) });
    await page.close();
  });
});
