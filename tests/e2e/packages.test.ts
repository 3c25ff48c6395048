import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AdmZip from 'adm-zip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GECKO_ID, packageVersion } from '../../manifest.config';
import { makePackages, type Packages } from '../../scripts/package';

// `npm run package` with a throwaway key (never a committed one): Chromium packs the CRX3 itself.
// force-install.test.ts installs such a CRX through ExtensionSettings policy and runs it.
describe('enterprise packages (npm run package)', () => {
  let work: string;
  let made: Packages;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'cobrowse-packages-'));
    const keyFile = join(work, 'throwaway-key.pem');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    made = makePackages({
      baseUrl: 'https://extensions.example.com/cobrowse',
      keyFile,
      outDir: join(work, 'out'),
    });
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('writes the store zip without the dev key, the CRX with its gupdate manifest, and the Firefox zip with updates.json', () => {
    const version = packageVersion();
    const store = JSON.parse(new AdmZip(made.files.storeZip).readAsText('manifest.json'));
    expect(store).toMatchObject({ version, manifest_version: 3 });
    expect(store.key).toBeUndefined();
    expect(readFileSync(made.files.crx).subarray(0, 8)).toEqual(
      Buffer.from('Cr24\x03\x00\x00\x00', 'latin1'),
    );
    const xml = readFileSync(made.files.updatesXml, 'utf8');
    expect(xml).toContain(`<app appid='${made.crxId}'>`);
    expect(xml).toContain(`version='${version}'`);
    const firefox = JSON.parse(new AdmZip(made.files.firefoxZip).readAsText('manifest.json'));
    expect(firefox).toMatchObject({ version, background: { scripts: expect.any(Array) } });
    expect(firefox.browser_specific_settings.gecko).toMatchObject({
      id: GECKO_ID,
      update_url: expect.stringMatching(/\/updates\.json$/),
    });
    const updates = JSON.parse(readFileSync(made.files.updatesJson, 'utf8'));
    expect(updates.addons[GECKO_ID].updates).toEqual([{ version, update_link: expect.any(String) }]);
  });
});
