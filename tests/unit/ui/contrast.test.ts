import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BADGE } from '../../../src/background/badge';

const css = readFileSync(resolve(import.meta.dirname, '../../../src/ui/theme.css'), 'utf8');

/** The custom properties of the first `:root { … }` after `from` in theme.css. */
function scheme(from: number): Record<string, string> {
  const start = css.indexOf(':root {', from);
  const body = css.slice(start, css.indexOf('}', start));
  return Object.fromEntries([...body.matchAll(/--([a-z-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1], m[2]]));
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
}

/** [foreground, background, minimum]: text needs 4.5:1, borders and focus rings 3:1 (WCAG 1.4.3, 1.4.11). */
const PAIRS: [string, string, number][] = [
  ['fg', 'bg', 4.5],
  ['fg', 'surface', 4.5],
  ['muted', 'bg', 4.5],
  ['muted', 'surface', 4.5],
  ['link', 'bg', 4.5],
  ['primary-fg', 'primary-bg', 4.5],
  ['ok-fg', 'ok-bg', 4.5],
  ['wait-fg', 'wait-bg', 4.5],
  ['bad-fg', 'bad-bg', 4.5],
  ['bad-fg', 'bg', 4.5],
  ['done-fg', 'done-bg', 4.5],
  ['border', 'bg', 3],
  ['focus', 'bg', 3],
];

describe.each([
  ['light', scheme(0)],
  ['dark', scheme(css.indexOf('prefers-color-scheme: dark'))],
])('%s scheme meets WCAG AA', (_name, colours) => {
  it.each(PAIRS)('%s on %s', (fg, bg, minimum) => {
    expect(colours[fg], fg).toBeDefined();
    expect(colours[bg], bg).toBeDefined();
    expect(contrast(colours[fg] ?? '', colours[bg] ?? '')).toBeGreaterThanOrEqual(minimum);
  });
});

describe('toolbar badge', () => {
  it.each(Object.entries(BADGE))('%s: its text on its fill meets 4.5:1', (_state, { text, fill }) => {
    expect(contrast(text, fill)).toBeGreaterThanOrEqual(4.5);
  });
});
