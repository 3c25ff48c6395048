// The one place a browser's manifest is made: manifest.json (the shared, Chromium-shaped source)
// plus package.json's version, adapted per browser. Used by vite.config.ts, the packager and tests.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export type Target = 'chrome' | 'firefox';
export const TARGETS: readonly Target[] = ['chrome', 'firefox'];

type Manifest = Record<string, unknown> & { background?: Record<string, unknown> };

/** The fixed Firefox add-on id: getRedirectURL() derives the OAuth redirect host from it. */
export const GECKO_ID = 'cobrowse-autostart@cobrowse.example';
/**
 * Firefox 140 (ESR 140) is the first that reads data_collection_permissions (Extension Workshop,
 * "Firefox built-in consent": desktop 140 and later); every API the extension calls is older
 * (storage.session 115, scripting content-script registration 102, MV3 109; checked against MDN's
 * browser-compat-data by tests/unit/firefox-min-version.test.ts). The e2e suite drives Debian's
 * firefox-esr: 140.12 ESR in bookworm on 2026-12-02 (an earlier machine had 153.8), so the minimum
 * itself is now run.
 */
export const FIREFOX_MIN_VERSION = '140.0';
/**
 * What Firefox shows the user at install (Extension Workshop taxonomy, checked against Firefox 153's
 * schemas/manifest.json): the agent's sign-in goes to the organisation's platform
 * (authenticationInfo), and the conversation id read from the agent desktop page goes there too
 * (websiteContent). Nothing goes to the extension's developer.
 */
const DATA_COLLECTION = { required: ['authenticationInfo', 'websiteContent'] };

export const OUT_DIR: Record<Target, string> = { chrome: 'dist', firefox: 'dist-firefox' };

const root = import.meta.dirname;
const readJson = (file: string) => JSON.parse(readFileSync(resolve(root, file), 'utf8')) as Manifest;

/** package.json's version is the only version; every manifest (and package) takes it from there. */
export function packageVersion(): string {
  const { version } = readJson('package.json');
  if (typeof version !== 'string' || !/^\d+(\.\d+){0,3}$/.test(version)) {
    throw new Error(
      `package.json version "${String(version)}" is not a browser extension version (1 to 4 dot-separated integers).`,
    );
  }
  return version;
}

/**
 * Firefox's default for Manifest V3 extension pages is "script-src 'self'; upgrade-insecure-requests;"
 * (MDN, WebExtensions Content Security Policy; the pref extensions.webextensions.default-content-
 * security-policy.v3 in Firefox 140). The upgrade turns the notification socket's ws://127.0.0.1 into
 * wss://, which a loopback platform (the emulator) does not serve, so the Genesys stream never opened.
 * So the Firefox build states Chrome's default (which upgrades nothing, and is the CSP scripts/check-dist.ts
 * accepts). Plain http/ws stays loopback-only by the extension's own rules
 * (settings-base.ts for the API hosts, genesys-notifications.ts for the socket's connectUri).
 */
export const FIREFOX_EXTENSION_PAGES_CSP = "script-src 'self'; object-src 'self';";

export function manifestFor(target: Target, base: Manifest = readJson('manifest.json')): Manifest {
  if ('version' in base)
    throw new Error('manifest.json must not carry a version: it comes from package.json (npm version).');
  const manifest: Manifest = { ...base, version: packageVersion() };
  if (target === 'chrome') return manifest;

  // Firefox: no `key` (the id is the gecko id), no minimum_chrome_version, and an event page
  // (background.scripts) instead of a service worker.
  const {
    key: _key,
    minimum_chrome_version: _min,
    externally_connectable: _ec,
    storage: _s,
    ...rest
  } = manifest;
  // externally_connectable is not supported by Firefox: other extensions' messages only ever reach
  // runtime.onMessageExternal, which the worker does not listen to. storage.managed_schema is not read
  // either (Firefox takes managed values from policies.json "3rdparty" unvalidated; our zod check still runs).
  const worker = base.background?.service_worker;
  if (typeof worker !== 'string') throw new Error('manifest.json needs background.service_worker.');
  return {
    ...rest,
    background: { scripts: [worker], type: 'module' },
    content_security_policy: { extension_pages: FIREFOX_EXTENSION_PAGES_CSP },
    browser_specific_settings: {
      gecko: {
        id: GECKO_ID,
        strict_min_version: FIREFOX_MIN_VERSION,
        data_collection_permissions: DATA_COLLECTION,
      },
    },
  };
}
