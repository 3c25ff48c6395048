import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const manifest = JSON.parse(readFileSync(resolve(ROOT, 'manifest.json'), 'utf8'));

/** Width and height from a PNG's IHDR chunk. */
function pngSize(path: string): [number, number] {
  const bytes = readFileSync(resolve(ROOT, 'public', path));
  expect(bytes.subarray(1, 4).toString('latin1'), path).toBe('PNG');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

describe('icons (rendered from icons/icon.svg by scripts/icons.ts)', () => {
  it('the manifest names 16, 32, 48 and 128 px, for the extension and the toolbar button', () => {
    expect(Object.keys(manifest.icons)).toEqual(['16', '32', '48', '128']);
    expect(Object.keys(manifest.action.default_icon)).toEqual(['16', '32']);
  });

  it('each PNG is the size its key says', () => {
    for (const icons of [manifest.icons, manifest.action.default_icon]) {
      for (const [size, path] of Object.entries(icons as Record<string, string>))
        expect(pngSize(path), path).toEqual([Number(size), Number(size)]);
    }
  });
});
