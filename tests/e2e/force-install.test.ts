import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { type BrowserContext, chromium, type Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../emulator/server';
import { packageVersion } from '../../manifest.config';
import { makePackages, type Packages } from '../../scripts/package';
import { chromiumPath, QUIET_FLAGS } from './fixtures/chromium';
import { type ExtensionBrowser, extensionBrowser } from './fixtures/extension';
import { acceptChat, DESKTOP_PATTERN, openDesktop, record, signIn } from './fixtures/flows';
import type { MachineFile } from './fixtures/machine-file';
import { writeMachinePolicy } from './fixtures/policy';
import { waitUntil } from './fixtures/wait';

// What an admin does to deploy the self-hosted CRX (README "Install for your fleet"): `npm run package`
// with a throwaway key, updates.xml and the .crx served from a (loopback) web server, and a machine policy
// whose ExtensionSettings force-installs the id from that update_url, with the extension's settings in
// "3rdparty". Nothing is loaded unpacked: the only way the extension gets into Chromium is the policy.

const CREATE = 'POST /api/v2/conversations/cobrowse/sessions';
/** Long enough for Chromium's first update check and the download on a loaded machine. */
const INSTALL_TIMEOUT_MS = 45_000;

/** Serves the package folder's files by name, and remembers what Chromium asked for ("GET /x 200"). */
async function serveFolder(dir: string): Promise<{ server: Server; url: string; asked: string[] }> {
  const asked: string[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const types: Record<string, string> = { xml: 'text/xml', crx: 'application/x-chrome-extension' };
    const type = types[path.split('.').at(-1) ?? ''];
    const file = join(dir, basename(path));
    const found = req.method === 'GET' && type !== undefined && existsSync(file);
    asked.push(`${req.method} ${path} ${found ? 200 : 404}`);
    if (!found) return void res.writeHead(404).end();
    const body = readFileSync(file);
    res.writeHead(200, { 'Content-Type': type, 'Content-Length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, asked };
}

/**
 * Chromium as an agent's machine runs it: without Playwright's default arguments, whose
 * --disable-extensions and --disable-background-networking would stop the policy's install (the
 * latter blocks the update check). Our quiet flags minus that one, and what Playwright itself needs.
 */
function launchPlain(userDataDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    ignoreDefaultArgs: true,
    args: [
      '--headless',
      ...QUIET_FLAGS.filter((flag) => flag !== '--disable-background-networking'),
      `--user-data-dir=${userDataDir}`,
      '--remote-debugging-pipe',
      'about:blank',
    ],
    viewport: { width: 1100, height: 760 },
  });
}

/** The force-installed extension's worker; on timeout, says which step failed and how it knows. */
async function installedWorker(context: BrowserContext, crxId: string, asked: string[]): Promise<Worker> {
  const ours = (w: Worker) => w.url().startsWith(`chrome-extension://${crxId}/`);
  // DevTools' own view of the targets, attached or not: the worker may run where Playwright may not go.
  const cdp = await context.browser()?.newBrowserCDPSession();
  let workerRan = false;
  cdp?.on('Target.targetCreated', ({ targetInfo }) => {
    if (targetInfo.type === 'service_worker' && targetInfo.url.includes(crxId)) workerRan = true;
  });
  await cdp?.send('Target.setDiscoverTargets', { discover: true });
  try {
    return (
      context.serviceWorkers().find(ours) ??
      (await context.waitForEvent('serviceworker', { predicate: ours, timeout: INSTALL_TIMEOUT_MS }))
    );
  } catch (error) {
    const why = workerRan
      ? 'Its service worker ran, but DevTools could not attach to it: the policy needs "DeveloperToolsAvailability": 1 (the default, 0, blocks DevTools on force-installed extensions).'
      : asked.some((line) => /\.crx 200$/.test(line))
        ? 'Chromium downloaded the CRX but the extension never ran: it refused the package (signature, id or manifest; see chrome://extensions-internals).'
        : asked.includes('GET /updates.xml 200')
          ? `Chromium fetched updates.xml but not the CRX: updates.xml must name <app appid='${crxId}'> (the signing key's id) and, as codebase, the URL the .crx is served at.`
          : 'Chromium never fetched updates.xml: the policy was not read (chrome://policy) or the update check was blocked (--disable-background-networking).';
    throw new Error(
      `The force-installed extension ${crxId} did not start within ${INSTALL_TIMEOUT_MS} ms. ${why} The update server was asked for: ${JSON.stringify(asked)}`,
      { cause: error },
    );
  } finally {
    await cdp?.detach();
  }
}

describe('force-install of the packaged CRX by policy (needs root)', () => {
  let work: string;
  let made: Packages;
  let updates: Awaited<ReturnType<typeof serveFolder>>;
  let emulator: Emulator;
  let policy: MachineFile | undefined;
  let browser: ExtensionBrowser;
  let managed: Record<string, unknown>;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'cobrowse-force-install-'));
    const keyFile = join(work, 'throwaway-key.pem');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const outDir = join(work, 'packages');
    updates = await serveFolder(outDir);
    made = makePackages({ baseUrl: updates.url, keyFile, outDir });
    // The OAuth client knows this id's redirect URI, as an admin registers the self-hosted id's.
    emulator = await startEmulator({ extensionId: made.crxId });
    managed = {
      apiBaseUrl: emulator.url,
      authBaseUrl: emulator.url,
      clientId: emulator.clientId,
      desktopUrlPatterns: [DESKTOP_PATTERN],
    };
    policy = writeMachinePolicy('cobrowse-autostart-force-install-e2e', {
      // For the test only: by default DevTools, and so Playwright, may not attach to a force-installed
      // extension's worker or pages. An admin's policy needs none of this.
      DeveloperToolsAvailability: 1,
      ExtensionSettings: {
        [made.crxId]: { installation_mode: 'force_installed', update_url: `${updates.url}/updates.xml` },
      },
      '3rdparty': { extensions: { [made.crxId]: managed } },
    });
    const userDataDir = mkdtempSync(join(tmpdir(), 'cobrowse-e2e-'));
    const context = await launchPlain(userDataDir);
    // Closed by browser.close() below; until the worker runs, only through the context.
    browser = await installedWorker(context, made.crxId, updates.asked)
      .then(() => extensionBrowser(context, made.crxId, userDataDir))
      .catch(async (error) => {
        await context.close();
        rmSync(userDataDir, { recursive: true, force: true });
        throw error;
      });
  }, 120_000);
  afterAll(async () => {
    try {
      await browser?.close();
      await emulator?.close();
      updates?.server.close();
    } finally {
      policy?.remove();
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('installs the CRX from the policy update_url, as an admin-installed extension with the policy settings', async () => {
    expect(updates.asked).toEqual(
      expect.arrayContaining(['GET /updates.xml 200', `GET /cobrowse-autostart-${made.version}.crx 200`]),
    );
    const worker = await browser.worker();
    expect(await worker.evaluate(() => chrome.management.getSelf())).toMatchObject({
      id: made.crxId,
      installType: 'admin',
      version: packageVersion(),
      enabled: true,
    });
    await expect.poll(() => worker.evaluate(() => chrome.storage.managed.get(null))).toEqual(managed);
  });

  it('signs in, and a chat accepted on the desktop starts exactly one session', async () => {
    // The policy's desktop pattern, registered by the worker itself (no options page was opened).
    await waitUntil(
      async () => (await browser.worker()).evaluate(() => chrome.scripting.getRegisteredContentScripts()),
      (scripts) => scripts[0]?.matches?.includes(DESKTOP_PATTERN) ?? false,
      { what: 'the desktop detector to be registered from the policy settings' },
    );
    const popup = await browser.openPopup();
    await signIn(browser, popup);
    const conversation = emulator.createConversation({ customerName: 'Grace' });
    const desktop = await openDesktop(browser, emulator);
    await acceptChat(desktop, conversation.id);
    await expect.poll(async () => (await record(browser, conversation.id))?.state).toBe('pending');
    const creates = emulator.requestLog().filter((r) => `${r.method} ${r.path}` === CREATE);
    expect(creates).toHaveLength(1);
    expect(emulator.sessions()).toEqual([
      expect.objectContaining({
        conversationId: conversation.id,
        initiator: { type: 'agent', id: 'agent-ada' },
      }),
    ]);
    await Promise.all([desktop.close(), popup.close()]);
  });
});
