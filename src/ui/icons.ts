const SVG = 'http://www.w3.org/2000/svg';

/** A copy icon drawn in SVG: icon-font glyphs (⧉, ⎘) are missing from many system fonts. */
export function copyIcon(): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('fill', 'none');
  svg.setAttribute('stroke', 'currentColor');
  svg.setAttribute('stroke-width', '1.5');
  for (const [x, y] of [
    [5, 5],
    [2, 2],
  ]) {
    const rect = document.createElementNS(SVG, 'rect');
    for (const [name, value] of Object.entries({ x, y, width: 9, height: 9, rx: 1.5 }))
      rect.setAttribute(name, String(value));
    svg.append(rect);
  }
  return svg;
}
