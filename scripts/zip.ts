// `npm run zip`: dist/ as a store-ready zip (manifest.json at the root), named after the version.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import AdmZip from 'adm-zip';

const root = resolve(import.meta.dirname, '..');
const dist = resolve(root, 'dist');
if (!existsSync(resolve(dist, 'manifest.json'))) {
  throw new Error('dist/manifest.json is missing: run `npm run build` first (npm run zip does).');
}
const { version } = JSON.parse(readFileSync(resolve(dist, 'manifest.json'), 'utf8')) as { version: string };
const zip = new AdmZip();
zip.addLocalFolder(dist, '', (path) => !path.endsWith('.map'));
const out = resolve(root, `cobrowse-autostart-${version}.zip`);
zip.writeZip(out);
console.log(`Wrote ${out} (${zip.getEntries().length} files)`);
