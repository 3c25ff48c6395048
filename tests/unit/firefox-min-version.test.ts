import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIREFOX_MIN_VERSION } from '../../manifest.config';

// manifest.config.ts sets strict_min_version (FIREFOX_MIN_VERSION) for the Firefox build. This holds
// it against MDN's browser-compat-data: every extension API the source calls, found by reading
// src/, must exist in Firefox at that version. A new call to a newer API fails here, named.

// Loaded by Node, not through vite's transform (the data is a 15 MB JSON file).
const bcd = createRequire(import.meta.url)('@mdn/browser-compat-data') as unknown;

const SRC = resolve(import.meta.dirname, '../../src');
/** Reached without a literal `browser.x.y` in the source (shared/storage.ts: `browser.storage[area]`). */
const INDIRECT = ['storage.session', 'storage.local', 'storage.sync', 'storage.managed'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [readFileSync(join(dir, entry.name), 'utf8')]
        : [],
  );
}

/** `browser.storage.local.set` → `storage.local.set`; types (`browser.Runtime.Port`) are not calls. */
function calledApis(): string[] {
  const found = new Set(INDIRECT);
  for (const text of sources(SRC)) {
    for (const match of text.matchAll(
      /\b(?:browser|chrome)\.([a-z][a-zA-Z]*\.[a-z][a-zA-Z]*(?:\.[a-z][a-zA-Z]*)?)/g,
    ))
      found.add((match[1] as string).replace(/\.addListener$/, ''));
  }
  return [...found].sort();
}

type Node = { __compat?: { support?: { firefox?: { version_added?: string | boolean } | unknown[] } } } & {
  [key: string]: Node;
};

/** The deepest entry browser-compat-data has for the path (storage.local.set → storage.local). */
function firefoxSince(path: string): { entry: string; version: string | boolean | undefined } | undefined {
  const parts = path.split('.');
  for (let n = parts.length; n >= 2; n--) {
    let node = (bcd as unknown as { webextensions: { api: Node } }).webextensions.api as Node | undefined;
    for (const part of parts.slice(0, n)) node = node?.[part];
    const support = node?.__compat?.support?.firefox;
    if (support) {
      const first = Array.isArray(support) ? support[0] : support;
      return {
        entry: parts.slice(0, n).join('.'),
        version: (first as { version_added?: string | boolean }).version_added,
      };
    }
  }
  return undefined;
}

describe(`Firefox strict_min_version ${FIREFOX_MIN_VERSION} covers every API the source calls`, () => {
  const apis = calledApis();

  it('finds the calls (the scan itself works)', () => {
    expect(apis).toEqual(
      expect.arrayContaining([
        'storage.session',
        'scripting.registerContentScripts',
        'identity.launchWebAuthFlow',
      ]),
    );
  });

  it.each(apis)('%s', (api) => {
    const since = firefoxSince(api);
    expect(since, `${api} is not in browser-compat-data's webextensions.api`).toBeDefined();
    const version = since?.version;
    expect(typeof version, `${since?.entry}: Firefox support is ${JSON.stringify(version)}`).toBe('string');
    expect(Number.parseFloat(String(version).replace('≤', ''))).toBeLessThanOrEqual(
      Number.parseFloat(FIREFOX_MIN_VERSION),
    );
  });
});
