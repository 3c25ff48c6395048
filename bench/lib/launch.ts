import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DIST, type ExtensionBrowser, launchExtension } from '../../tests/e2e/fixtures/extension';

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

/** The minimal extension every accept figure is measured against (bench/reference, plain files). */
export const REFERENCE = resolve(import.meta.dirname, '../reference');

/**
 * The e2e fixture's launch (same flags, same headless Chromium), pointed at the snapshot, with the
 * reference extension loaded beside it: Chromium's --load-extension takes a comma-separated list.
 */
export function launchSnapshot(dist: string): Promise<ExtensionBrowser> {
  return launchExtension({ extensionPath: `${dist},${REFERENCE}` });
}
