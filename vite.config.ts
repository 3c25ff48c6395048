import { crx } from '@crxjs/vite-plugin';
import { build, defineConfig, type Plugin } from 'vite';
import { manifestFor, OUT_DIR, type Target } from './manifest.config';

/** `vite build --mode firefox` (what `npm run build -- --browser firefox` runs) builds for Firefox. */
const targetOf = (mode: string): Target => (mode === 'firefox' ? 'firefox' : 'chrome');
/** The oldest engine each build must run in: the manifests' minimum_chrome_version / strict_min_version. */
const ESBUILD_TARGET: Record<Target, string> = { chrome: 'chrome120', firefox: 'firefox140' };

/**
 * The desktop detector is built on its own, as one classic IIFE file (content.js). Inside the
 * main build it would share chunks with the worker (zod, the polyfill) and need a loader plus
 * web-accessible resources; alone it stays small, loads synchronously at document_start, and
 * exposes nothing to web pages. The worker registers it by this file name at run time.
 */
function contentScript(target: Target): Plugin {
  const options = (watch: boolean) => ({
    configFile: false as const,
    logLevel: 'warn' as const,
    build: {
      outDir: OUT_DIR[target],
      emptyOutDir: false,
      target: ESBUILD_TARGET[target],
      watch: watch ? {} : null,
      lib: {
        entry: 'src/content/index.ts',
        formats: ['iife' as const],
        name: 'cobrowseDetector',
        fileName: () => 'content.js',
      },
    },
  });
  return {
    name: 'cobrowse-content-script',
    async closeBundle() {
      if (this.meta.watchMode) return;
      await build(options(false));
    },
    async configureServer() {
      await build(options(true));
    },
  };
}

export default defineConfig(({ mode }) => {
  const target = targetOf(mode);
  return {
    // crxjs turns background.scripts into Firefox's event-page loader when told the browser.
    plugins: [crx({ manifest: manifestFor(target) as never, browser: target }), contentScript(target)],
    resolve: {
      // tldts's prebuilt ES module instead of its unbundled one, whose 68 KB label string of the
      // Public Suffix List is an exported const that our minifier copied into each of its three uses:
      // the options page (the only page that carries the list) went 292 → 147 KB minified,
      // 121.3 → 53.0 KB gzipped; every other built file byte-identical. Same package and version.
      alias: [{ find: /^tldts$/, replacement: 'tldts/dist/index.esm.min.js' }],
    },
    build: { target: ESBUILD_TARGET[target], outDir: OUT_DIR[target], emptyOutDir: true },
    server: { port: 5173, strictPort: true, hmr: { port: 5173 } },
  };
});
