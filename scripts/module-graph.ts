// The files a built extension's background loads: its entry (the manifest's service worker, or
// Firefox's background script) and every relative module that imports, as the browser fetches them.
// Used by the benchmark's size phase and by check-dist's worker-bundle rule.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

// Static `import … from "x"`, bare `import "x"`, `export … from "x"` and dynamic `import("x")`.
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)["'`](\.{1,2}\/[^"'`]+)["'`]/g;

/** A file and every relative module it loads. */
export function moduleGraph(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    if (!existsSync(file))
      throw new Error(`${file} is imported by the worker bundle but missing from dist/.`);
    seen.add(file);
    for (const match of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
      visit(resolve(dirname(file), match[1] as string));
    }
  };
  visit(entry);
  return [...seen];
}

/** The background's entry file in `dist`, or undefined when the manifest names none. */
export function workerEntry(dist: string): string | undefined {
  const manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8')) as {
    background?: { service_worker?: string; scripts?: string[] };
  };
  const entry = manifest.background?.service_worker ?? manifest.background?.scripts?.[0];
  return entry === undefined ? undefined : join(dist, entry);
}
