import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { chromiumPath, QUIET_FLAGS } from '../../tests/e2e/fixtures/chromium';
import { DIST, EXTENSION_ID, type ExtensionBrowser } from '../../tests/e2e/fixtures/extension';
import { waitUntil } from '../../tests/e2e/fixtures/wait';

/** Fails with what to do when dist/ is not built. The benchmark builds nothing itself. */
export function requireBuild(): void {
  const missing = ['manifest.json', 'content.js', 'service-worker-loader.js'].filter(
    (file) => !existsSync(resolve(DIST, file)),
  );
  if (missing.length > 0) {
    throw new Error(
      `dist/ is not built (missing ${missing.join(', ')} in ${DIST}). Run \`npx vite build\` first: ` +
        'the benchmark measures what is in dist/ and builds nothing itself.',
    );
  }
}

/**
 * A private copy of dist/, taken once: a rebuild in the shared tree during a minutes-long run
 * would otherwise swap files under a loaded extension. Sizes are measured on the same copy.
 * The manifest's key keeps the extension id whatever the folder.
 */
export function snapshotDist(): { dir: string; remove(): void } {
  requireBuild();
  const root = mkdtempSync(join(tmpdir(), 'cobrowse-bench-'));
  const dir = join(root, 'dist');
  cpSync(DIST, dir, { recursive: true });
  return { dir, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** The e2e fixture's launch (same flags, same headless Chromium), pointed at the snapshot. */
export async function launchSnapshot(dist: string): Promise<ExtensionBrowser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'cobrowse-bench-profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    args: [...QUIET_FLAGS, `--disable-extensions-except=${dist}`, `--load-extension=${dist}`],
    viewport: { width: 1100, height: 760 },
  });
  const ours = `chrome-extension://${EXTENSION_ID}/`;
  const worker = async () =>
    context.serviceWorkers().find((w) => w.url().startsWith(ours)) ??
    (await context.waitForEvent('serviceworker', { predicate: (w) => w.url().startsWith(ours) }));
  await worker();
  const openPage = async (path: string) => {
    const page = await context.newPage();
    await page.goto(`${ours}${path}`);
    return page;
  };
  return {
    context,
    extensionId: EXTENSION_ID,
    userDataDir,
    worker,
    openPopup: () => openPage('src/popup/index.html'),
    openOptions: () => openPage('src/options/index.html'),
    stopWorker: () => stopWorker(context),
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

interface WorkerVersion {
  versionId: string;
  scriptURL: string;
  runningStatus: string;
}

/** CDP ServiceWorker.stopWorker, as Chrome stops an idle worker; as in the e2e fixture. */
async function stopWorker(context: BrowserContext): Promise<void> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const versions = new Map<string, WorkerVersion>();
  cdp.on('ServiceWorker.workerVersionUpdated', (event: { versions: WorkerVersion[] }) => {
    for (const version of event.versions) versions.set(version.versionId, version);
  });
  await cdp.send('ServiceWorker.enable');
  const ours = () =>
    [...versions.values()].find((v) => v.scriptURL.startsWith(`chrome-extension://${EXTENSION_ID}/`));
  await waitUntil(async () => ours()?.runningStatus, Boolean, { what: 'the worker version' });
  const version = ours();
  if (version && version.runningStatus !== 'stopped') {
    await cdp.send('ServiceWorker.stopWorker', { versionId: version.versionId });
    await waitUntil(
      async () => ours()?.runningStatus,
      (status) => status === 'stopped',
      {
        what: 'the worker to stop',
      },
    );
  }
  await cdp.detach();
  await page.close();
}
