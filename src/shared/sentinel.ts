// The DOM rules' style sentinel, shared by the worker (which inserts the stylesheet) and the content
// script (which listens for it). Plain constants and string work: the content script imports this
// file and must stay free of zod and the polyfill.

/** The sentinel's animation: an element that comes to match a rule starts it, and the page fires `animationstart`. */
export const SENTINEL_ANIMATION = 'cobrowse-autostart-seen';

/**
 * Characters that could end the rule a selector sits in, or open another: a selector holding one
 * gets no sentinel (the rules then run on the observer and sweeps alone). A valid selector needs
 * none of them outside a quoted attribute value, so this refuses almost nothing real.
 */
const UNSAFE = /[{};@\\<]|\/\*/;

/**
 * The stylesheet the worker inserts into a desktop's top frame, at the user origin, so that any
 * `animation` the desktop itself declares on that element wins (the rule then falls back to the
 * sweeps, and the desktop's animation is untouched). The animation changes nothing visible: it
 * animates a custom property of its own for 1 ms. Undefined when a selector is unsafe to embed.
 */
export function sentinelCss(selectors: readonly string[]): string | undefined {
  if (selectors.length === 0 || selectors.some((selector) => UNSAFE.test(selector))) return undefined;
  // Empty keyframes: the animation changes nothing, it only runs (and fires its events).
  const keyframes = `@keyframes ${SENTINEL_ANIMATION} {}`;
  // One rule per selector, so an invalid one drops only its own; `:root` runs once as the sheet goes
  // in, which proves the sentinel works here (content/sentinel.ts).
  const rules = [':root', ...selectors].map(
    (selector) => `${selector} { animation: ${SENTINEL_ANIMATION} 1ms; }`,
  );
  return [keyframes, ...rules].join('\n');
}
