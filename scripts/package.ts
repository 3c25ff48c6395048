// `npm run package`: for package.json's version, everything an admin deploys, in packages/<version>/:
//   cobrowse-autostart-<v>-chrome-web-store.zip  upload to the Chrome Web Store / Edge Add-ons
//   cobrowse-autostart-<v>.crx + updates.xml     self-hosted Chrome/Edge (ExtensionSettings update_url)
//   cobrowse-autostart-<v>-firefox.zip           AMO upload (listed, or unlisted to get it signed)
//   updates.json                                 self-hosted Firefox updates (gecko update_url)
// The CRX signing key never lives in the repo: CRX_KEY_FILE (a PEM path outside it) or CRX_KEY_PEM.
// Chromium packs the CRX3 itself (the npm crx3 package needs Node 22).
import { execFileSync } from 'node:child_process';
import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import AdmZip from 'adm-zip';
import { GECKO_ID, packageVersion } from '../manifest.config';
import { chromiumPath } from '../tests/e2e/fixtures/chromium';

const root = resolve(import.meta.dirname, '..');
const NAME = 'cobrowse-autostart';

export interface PackageOptions {
  /** Where updates.xml, updates.json and the packages will be served from (https in production). */
  baseUrl: string;
  /** A PEM private key (PKCS#8 or RSA), outside the repository. */
  keyFile: string;
  outDir?: string;
  version?: string;
}

export interface Packages {
  dir: string;
  version: string;
  /** The id Chrome and Edge give the self-hosted CRX: derived from the signing key. */
  crxId: string;
  files: { storeZip: string; crx: string; updatesXml: string; firefoxZip: string; updatesJson: string };
}

/** Chromium's extension id: the first 128 bits of SHA-256 over the public key (DER SPKI), as a-p. */
export function extensionIdFromKey(pem: string): string {
  const spki = createPublicKey(createPrivateKey(pem)).export({ type: 'spki', format: 'der' });
  const hex = createHash('sha256').update(spki).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + Number.parseInt(c, 16))).join('');
}

function readManifest(dir: string): Record<string, unknown> {
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run build -- --browser all\` first.`);
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

/** A copy of a build with its manifest changed, for one package. */
function stage(from: string, change: (m: Record<string, unknown>) => Record<string, unknown>): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'cobrowse-pkg-')), 'ext');
  cpSync(from, dir, { recursive: true, filter: (path) => !path.endsWith('.map') });
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(change(readManifest(dir)), null, 2));
  return dir;
}

function zipFolder(dir: string, out: string) {
  const zip = new AdmZip();
  zip.addLocalFolder(dir);
  zip.writeZip(out);
}

export function makePackages(options: PackageOptions): Packages {
  const version = options.version ?? packageVersion();
  const base = options.baseUrl.replace(/\/+$/, '');
  const keyPath = resolve(options.keyFile);
  if (!relative(root, keyPath).startsWith('..')) {
    throw new Error(
      `The CRX key ${keyPath} is inside the repository: keep it outside (it must never be committed).`,
    );
  }
  const pem = readFileSync(keyPath, 'utf8');
  const crxId = extensionIdFromKey(pem);
  const dir = resolve(options.outDir ?? join(root, 'packages', version));
  mkdirSync(dir, { recursive: true });
  for (const [build, manifest] of [
    ['dist', readManifest(join(root, 'dist'))],
    ['dist-firefox', readManifest(join(root, 'dist-firefox'))],
  ] as const) {
    if (manifest.version !== version) {
      throw new Error(
        `${build}/manifest.json is version ${String(manifest.version)}, not ${version}: rebuild.`,
      );
    }
  }

  // Store and CRX: without the development `key`; the store assigns its own id, and a CRX's id is
  // its signing key's (Chrome's "Manifest key" docs: the key only pins the id of unpacked loads).
  const withoutKey = ({ key: _key, ...rest }: Record<string, unknown>) => rest;
  const files = {
    storeZip: join(dir, `${NAME}-${version}-chrome-web-store.zip`),
    crx: join(dir, `${NAME}-${version}.crx`),
    updatesXml: join(dir, 'updates.xml'),
    firefoxZip: join(dir, `${NAME}-${version}-firefox.zip`),
    updatesJson: join(dir, 'updates.json'),
  };
  const chrome = stage(join(root, 'dist'), withoutKey);
  zipFolder(chrome, files.storeZip);
  execFileSync(
    chromiumPath(),
    ['--headless=new', '--no-sandbox', `--pack-extension=${chrome}`, `--pack-extension-key=${keyPath}`],
    { stdio: 'pipe', timeout: 60_000 },
  );
  cpSync(`${chrome}.crx`, files.crx);
  rmSync(resolve(chrome, '..'), { recursive: true, force: true });
  // Google's update protocol v2 response ("gupdate"), which ExtensionSettings' update_url expects.
  writeFileSync(
    files.updatesXml,
    `<?xml version='1.0' encoding='UTF-8'?>
<gupdate xmlns='http://www.google.com/update2/response' protocol='2.0'>
  <app appid='${crxId}'>
    <updatecheck codebase='${base}/${NAME}-${version}.crx' version='${version}' />
  </app>
</gupdate>
`,
  );

  // Firefox: the update_url goes in the manifest before signing (AMO signs what it is given).
  const firefox = stage(join(root, 'dist-firefox'), (m) => {
    const settings = m.browser_specific_settings as { gecko: Record<string, unknown> };
    return {
      ...m,
      browser_specific_settings: { gecko: { ...settings.gecko, update_url: `${base}/updates.json` } },
    };
  });
  zipFolder(firefox, files.firefoxZip);
  rmSync(resolve(firefox, '..'), { recursive: true, force: true });
  const xpi = `${NAME}-${version}-firefox-signed.xpi`;
  writeFileSync(
    files.updatesJson,
    `${JSON.stringify({ addons: { [GECKO_ID]: { updates: [{ version, update_link: `${base}/${xpi}` }] } } }, null, 2)}\n`,
  );
  return { dir, version, crxId, files };
}

function main() {
  const baseUrl = process.env.PACKAGE_BASE_URL;
  const keyFile =
    process.env.CRX_KEY_FILE ??
    (process.env.CRX_KEY_PEM ? join(mkdtempSync(join(tmpdir(), 'cobrowse-key-')), 'key.pem') : undefined);
  if (!baseUrl || !keyFile) {
    throw new Error(
      'npm run package needs PACKAGE_BASE_URL (where updates.xml/.json and the packages will be served) and ' +
        'CRX_KEY_FILE (a PEM private key outside the repo) or CRX_KEY_PEM (its contents). Make a key once with ' +
        '`openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out ~/cobrowse-crx.pem` and keep it safe: ' +
        'it decides the self-hosted extension id.',
    );
  }
  if (!process.env.CRX_KEY_FILE && process.env.CRX_KEY_PEM) writeFileSync(keyFile, process.env.CRX_KEY_PEM);
  const made = makePackages({ baseUrl, keyFile });
  console.log(`package: ${relative(root, made.dir)}/ for version ${made.version}`);
  for (const file of Object.values(made.files)) console.log(`  ${relative(made.dir, file)}`);
  console.log(`  self-hosted Chrome/Edge id ${made.crxId}`);
  console.log(`  its OAuth redirect URI: https://${made.crxId}.chromiumapp.org/callback (register it too)`);
  console.log('  Firefox: sign the -firefox.zip on AMO (unlisted), host it as the .xpi updates.json names.');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
