// Launches Chromium with our dist/ and other tiny unpacked extensions next to it, to try what
// another installed extension can do to ours. The shared fixture loads dist/ only, so this helper
// launches its own context with the same binary and flags.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Worker } from 'playwright-core';
import { chromiumPath, QUIET_FLAGS } from '../fixtures/chromium';
import { DIST, EXTENSION_ID } from '../fixtures/extension';
import { waitUntil } from '../fixtures/wait';

export interface TinyExtension {
  name: string;
  /** Service-worker source. */
  worker: string;
  /** Extra manifest keys, e.g. externally_connectable. */
  manifest?: Record<string, unknown>;
}

export interface Browsers {
  context: BrowserContext;
  /** Our worker, and each tiny extension's worker by name. */
  ours(): Promise<Worker>;
  other(name: string): Promise<Worker>;
  idOf(name: string): Promise<string>;
  close(): Promise<void>;
}

function writeExtension(root: string, extension: TinyExtension): string {
  const dir = mkdtempSync(join(root, `${extension.name}-`));
  const manifest = {
    manifest_version: 3,
    name: extension.name,
    version: '1.0',
    background: { service_worker: 'worker.js' },
    ...extension.manifest,
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  writeFileSync(join(dir, 'worker.js'), extension.worker);
  return dir;
}

export async function launchWithOthers(extensions: TinyExtension[]): Promise<Browsers> {
  const root = mkdtempSync(join(tmpdir(), 'cobrowse-others-'));
  const dirs = extensions.map((e) => writeExtension(root, e));
  const all = [DIST, ...dirs].join(',');
  const context = await chromium.launchPersistentContext(join(root, 'profile'), {
    executablePath: chromiumPath(),
    headless: true,
    args: [...QUIET_FLAGS, `--disable-extensions-except=${all}`, `--load-extension=${all}`],
  });
  const workers = () => context.serviceWorkers();
  const byTitle = async (name: string) =>
    waitUntil(
      async () => {
        for (const w of workers()) {
          if (w.url().includes(EXTENSION_ID)) continue;
          if ((await w.evaluate(() => chrome.runtime.getManifest().name)) === name) return w;
        }
        return undefined;
      },
      (w) => w !== undefined,
      { what: `the worker of the "${name}" extension` },
    ) as Promise<Worker>;
  return {
    context,
    ours: () =>
      waitUntil(
        async () => workers().find((w) => w.url().includes(EXTENSION_ID)),
        (w) => w !== undefined,
        { what: 'our worker' },
      ) as Promise<Worker>,
    other: byTitle,
    idOf: async (name) => new URL((await byTitle(name)).url()).host,
    async close() {
      await context.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
