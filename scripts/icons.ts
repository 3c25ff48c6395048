// Renders icons/icon.svg to the PNGs the manifest names (16, 32, 48, 128 px) with the same headless
// Chromium the tests drive, so no image tool is needed: `npx tsx scripts/icons.ts`. The PNGs are
// committed (the build copies public/ as it is); re-run this after editing the SVG.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumPath, QUIET_FLAGS } from '../tests/e2e/fixtures/chromium';

export const ICON_SIZES = [16, 32, 48, 128] as const;
const ROOT = resolve(import.meta.dirname, '..');

async function main() {
  const svg = readFileSync(resolve(ROOT, 'icons/icon.svg'), 'utf8');
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: QUIET_FLAGS });
  try {
    for (const size of ICON_SIZES) {
      const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
      const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
      await page.setContent(
        `<style>html,body{margin:0;background:transparent}</style><img src="${src}" width="${size}" height="${size}">`,
      );
      await page.locator('img').evaluate((img: HTMLImageElement) => img.decode());
      const out = resolve(ROOT, `public/icons/icon-${size}.png`);
      await page.screenshot({
        path: out,
        omitBackground: true,
        clip: { x: 0, y: 0, width: size, height: size },
      });
      await page.close();
      console.log(`wrote ${out}`);
    }
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error('Rendering the icons failed:', error);
  process.exit(1);
});
