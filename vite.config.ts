import { crx } from '@crxjs/vite-plugin';
import { build, defineConfig, type Plugin } from 'vite';
import manifest from './manifest.json' with { type: 'json' };

/**
 * The desktop detector is built on its own, as one classic IIFE file (dist/content.js). Inside the
 * main build it would share chunks with the worker (zod, the polyfill) and need a loader plus
 * web-accessible resources; alone it stays small, loads synchronously at document_start, and
 * exposes nothing to web pages. The worker registers it by this file name at run time.
 */
function contentScript(): Plugin {
  const options = (watch: boolean) => ({
    configFile: false as const,
    logLevel: 'warn' as const,
    build: {
      outDir: 'dist',
      emptyOutDir: false,
      target: 'chrome120',
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

export default defineConfig({
  plugins: [crx({ manifest }), contentScript()],
  build: { target: 'chrome120', emptyOutDir: true },
  server: { port: 5173, strictPort: true, hmr: { port: 5173 } },
});
