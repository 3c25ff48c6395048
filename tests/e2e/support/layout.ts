import type { Page } from 'playwright-core';

/**
 * For every visible conversation row: the parts a reader tells apart (state, name or id, copy button,
 * time, each action, the cause line) as bounding boxes, and every pair that overlaps or any part that
 * reaches past the row's edges. Returns one line per problem; an empty list means the layout holds.
 */
export function rowOverlaps(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const PARTS =
      '.state, .who > .name, .who > code, .who > button, .when, .actions > button, .cause, .detail';
    const problems: string[] = [];
    for (const row of document.querySelectorAll<HTMLElement>('#rows li.row')) {
      const edge = row.getBoundingClientRect();
      if (edge.width === 0) continue; // in a closed group
      const parts = [...row.querySelectorAll<HTMLElement>(PARTS)].map((el) => ({
        name: `${el.className || el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 24)}"`,
        box: el.getBoundingClientRect(),
      }));
      const id = row.dataset.conversationId;
      for (const [i, a] of parts.entries()) {
        if (a.box.left < edge.left - 0.5 || a.box.right > edge.right + 0.5)
          problems.push(
            `${id}: ${a.name} reaches past the row (${a.box.left}-${a.box.right} of ${edge.left}-${edge.right})`,
          );
        for (const b of parts.slice(i + 1)) {
          const x = Math.min(a.box.right, b.box.right) - Math.max(a.box.left, b.box.left);
          const y = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top);
          if (x > 0.5 && y > 0.5) problems.push(`${id}: ${a.name} overlaps ${b.name}`);
        }
      }
    }
    return problems;
  });
}
