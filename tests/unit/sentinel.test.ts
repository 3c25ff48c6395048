// @vitest-environment happy-dom
import { fakeBrowser } from '@webext-core/fake-browser';
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { detectionFor } from '../../src/background/detection';
import { invalidateSettings } from '../../src/background/settings';
import {
  SENTINEL_SWEEP_EVERY,
  SWEEP_INTERVAL_MS,
  SWEEPS_AFTER_INPUT_MS,
  watchDomRules,
} from '../../src/content/dom-rules';
import { listenForSentinel } from '../../src/content/sentinel';
import { SENTINEL_ANIMATION, sentinelCss } from '../../src/shared/sentinel';
import { DEFAULT_DOM_RULE } from '../../src/shared/settings-base';

// The style sentinel's side of the DOM rules. happy-dom runs no CSS animations, so the browser's
// part (an element coming to match the worker's user stylesheet starts the sentinel animation) is
// played here by dispatching the `animationstart` the browser would; tests/e2e/dom-rules.test.ts
// and firefox.test.ts show the real browsers doing it.

const RULE = DEFAULT_DOM_RULE;

let controller: AbortController;
let reports: string[];
const report = (kind: 'accepted' | 'ended', id: unknown) => void reports.push(`${kind}:${id}`);

function animationStart(target: Element, name = SENTINEL_ANIMATION) {
  const event = new Event('animationstart', { bubbles: true });
  Object.defineProperty(event, 'animationName', { value: name });
  target.dispatchEvent(event);
}
function setVisibility(state: 'visible' | 'hidden') {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
}
function chat(id: string, state = 'accepted'): HTMLElement {
  const element = document.createElement('div');
  element.setAttribute('data-cobrowse-conversation-id', id);
  element.setAttribute('data-cobrowse-state', state);
  return element;
}
/** Starts the rules with the sentinel and plays the browser animating <html> as the sheet goes in. */
function startConfirmed() {
  const rules = watchDomRules([RULE], report, controller.signal, {
    sentinel: listenForSentinel(controller.signal),
  });
  expect(rules?.mode()).toBe('observer');
  animationStart(document.documentElement);
  return rules;
}

beforeEach(() => {
  vi.useFakeTimers();
  controller = new AbortController();
  reports = [];
  document.body.innerHTML = '';
  setVisibility('visible');
});
afterEach(() => {
  controller.abort();
  vi.useRealTimers();
});

describe('DOM rules on the style sentinel', () => {
  it('the probe switches to the sentinel: the page-wide observer stops, the animation reports instead', async () => {
    const idle = document.body.appendChild(chat('c-1', 'offered'));
    const rules = startConfirmed();
    expect(rules?.mode()).toBe('sentinel');
    idle.setAttribute('data-cobrowse-state', 'accepted');
    await vi.advanceTimersByTimeAsync(1);
    expect(reports).toEqual([]); // no page-wide observer any more…
    animationStart(idle);
    expect(reports).toEqual(['accepted:c-1']); // …the style engine says it matches
    animationStart(idle, 'the-desktops-own-animation');
    animationStart(idle);
    expect(reports).toEqual(['accepted:c-1']);
  });

  it('a reported chat that stops matching, takes another id, or is removed still ends', async () => {
    const first = document.body.appendChild(chat('c-1'));
    const second = document.body.appendChild(chat('c-2'));
    const third = document.body.appendChild(chat('c-3'));
    startConfirmed();
    expect(reports).toEqual(['accepted:c-1', 'accepted:c-2', 'accepted:c-3']);
    first.setAttribute('data-cobrowse-state', 'wrapped-up');
    second.setAttribute('data-cobrowse-conversation-id', 'c-4'); // a reused panel
    await vi.advanceTimersByTimeAsync(1);
    expect(reports.slice(3)).toEqual(['ended:c-1', 'ended:c-2', 'accepted:c-4']);
    third.remove();
    window.dispatchEvent(new Event('pointerup'));
    await vi.advanceTimersByTimeAsync((SWEEPS_AFTER_INPUT_MS[0] ?? 50) + 1);
    expect(reports.slice(6)).toEqual(['ended:c-3']);
  });

  it("with no chat reported, input schedules nothing (the busy desktop's clicks cost no timers)", () => {
    startConfirmed();
    const before = vi.getTimerCount();
    window.dispatchEvent(new Event('pointerup'));
    expect(vi.getTimerCount()).toBe(before);
    document.body.append(chat('c-1'));
    animationStart(document.body.lastElementChild as Element);
    window.dispatchEvent(new Event('pointerup'));
    expect(vi.getTimerCount()).toBe(before + SWEEPS_AFTER_INPUT_MS.length);
  });

  it('a re-rendered panel: the old element ends before the new one, with the same id, is accepted', () => {
    const old = document.body.appendChild(chat('c-1'));
    startConfirmed();
    old.remove();
    const fresh = document.body.appendChild(chat('c-1'));
    animationStart(fresh);
    expect(reports).toEqual(['accepted:c-1', 'ended:c-1', 'accepted:c-1']);
  });

  it('an element the sentinel missed (the desktop animates it itself) is found by the net every few intervals, and the page goes back to the observer', async () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    const rules = startConfirmed();
    document.body.append(chat('missed'));
    window.dispatchEvent(new Event('pointerup'));
    await vi.advanceTimersByTimeAsync(SWEEP_INTERVAL_MS * (SENTINEL_SWEEP_EVERY - 1) + 10);
    expect(reports).toEqual([]);
    expect(rules?.mode()).toBe('sentinel');
    await vi.advanceTimersByTimeAsync(SWEEP_INTERVAL_MS);
    expect(reports).toEqual(['accepted:missed']);
    expect(rules?.mode()).toBe('observer');
    expect(info).toHaveBeenCalledWith(expect.stringContaining('style sentinel missed'));
    // From now on input sweeps again: the next such chat is found right after the click.
    document.body.append(chat('next'));
    window.dispatchEvent(new Event('pointerup'));
    await vi.advanceTimersByTimeAsync((SWEEPS_AFTER_INPUT_MS[0] ?? 50) + 1);
    expect(reports).toEqual(['accepted:missed', 'accepted:next']);
  });

  it('a net sweep that finds nothing new keeps the sentinel', async () => {
    const rules = startConfirmed();
    const element = document.body.appendChild(chat('seen'));
    animationStart(element);
    await vi.advanceTimersByTimeAsync(SWEEP_INTERVAL_MS * SENTINEL_SWEEP_EVERY * 2);
    expect(reports).toEqual(['accepted:seen']);
    expect(rules?.mode()).toBe('sentinel');
  });

  it('a hidden page animates nothing: the observer and sweeps come back until it is shown', async () => {
    const rules = startConfirmed();
    setVisibility('hidden');
    expect(rules?.mode()).toBe('observer');
    const element = document.body.appendChild(chat('c-1', 'offered'));
    await vi.advanceTimersByTimeAsync(1);
    element.setAttribute('data-cobrowse-state', 'accepted');
    await vi.advanceTimersByTimeAsync(1);
    expect(reports).toEqual(['accepted:c-1']); // seen by the observer, at once
    setVisibility('visible');
    expect(rules?.mode()).toBe('sentinel');
  });

  it('the root animating before the rules start (their settings still on the way) confirms all the same', () => {
    const sentinel = listenForSentinel(controller.signal);
    animationStart(document.documentElement);
    const rules = watchDomRules([RULE], report, controller.signal, { sentinel });
    expect(rules?.mode()).toBe('sentinel');
  });

  it('no root animation (a page that animates <html> itself, or had the sheet already): the rules stay on the observer', async () => {
    const rules = watchDomRules([RULE], report, controller.signal, {
      sentinel: listenForSentinel(controller.signal),
    });
    animationStart(document.documentElement, 'the-desktops-own-animation');
    expect(rules?.mode()).toBe('observer');
    const element = document.body.appendChild(chat('c-1', 'offered'));
    await vi.advanceTimersByTimeAsync(1);
    element.setAttribute('data-cobrowse-state', 'accepted');
    await vi.advanceTimersByTimeAsync(1);
    expect(reports).toEqual(['accepted:c-1']); // the observer, at once
  });

  it('without the sentinel inserted (the worker says so), the root animating changes nothing', () => {
    listenForSentinel(controller.signal);
    const rules = watchDomRules([RULE], report, controller.signal);
    animationStart(document.documentElement);
    expect(rules?.mode()).toBe('observer');
  });

  it('stops on abort: no more reports', () => {
    const rules = startConfirmed();
    controller.abort();
    const element = document.body.appendChild(chat('late'));
    animationStart(element);
    expect(reports).toEqual([]);
    expect(rules?.mode()).toBe('sentinel');
  });
});

describe('the sentinel stylesheet', () => {
  it('empty keyframes; one rule per selector, and :root, each starting the 1 ms sentinel animation', () => {
    const css = sentinelCss([RULE.selector, '.chat-panel[data-chat-id]']) ?? '';
    expect(css).toContain(`@keyframes ${SENTINEL_ANIMATION} {}`);
    expect(css).toContain(`:root { animation: ${SENTINEL_ANIMATION} 1ms; }`);
    expect(css).toContain(`${RULE.selector} { animation: ${SENTINEL_ANIMATION} 1ms; }`);
    expect(css).toContain(`.chat-panel[data-chat-id] { animation: ${SENTINEL_ANIMATION} 1ms; }`);
  });

  it.each([
    'div { color: red } .x',
    '.a; @import url(x)',
    'div}body{display:none',
    '.a /* comment */',
    '.a\\7d',
    '<style>',
  ])('a selector that could leave its rule gets no sentinel at all: %s', (selector) => {
    expect(sentinelCss([RULE.selector, selector])).toBeUndefined();
  });

  it('no rules, no stylesheet', () => {
    expect(sentinelCss([])).toBeUndefined();
  });
});

describe("the worker's get-detection (background/detection.ts)", () => {
  type Call = { target: { tabId: number; frameIds?: number[] }; origin?: string; css: string };
  function fakeInsertCSS(fail = false) {
    const calls: Call[] = [];
    const chrome = (globalThis as unknown as { chrome: { scripting?: unknown } }).chrome;
    const before = chrome.scripting;
    chrome.scripting = {
      insertCSS: async (details: Call) => {
        if (fail) throw new Error('Cannot access contents of the page');
        calls.push(details);
      },
    };
    onTestFinished(() => {
      chrome.scripting = before;
    });
    return calls;
  }
  async function detection(
    domRules: { selector: string; conversationIdAttribute: string }[],
    tabId?: number,
  ) {
    await fakeBrowser.storage.sync.set({ settings: { detection: { pageEvent: true, domRules } } });
    invalidateSettings();
    return detectionFor(tabId);
  }

  it('inserts the rules’ sentinel into the asking tab’s top frame as a user stylesheet, and says so', async () => {
    const calls = fakeInsertCSS();
    expect(await detection([RULE], 7)).toMatchObject({ domRules: [RULE], sentinel: true });
    expect(calls).toEqual([
      { target: { tabId: 7, frameIds: [0] }, origin: 'USER', css: sentinelCss([RULE.selector]) },
    ]);
  });

  it('no sentinel, and the page told so: an unsafe selector, no rules, no tab, or a refused insert', async () => {
    const calls = fakeInsertCSS();
    expect(await detection([{ ...RULE, selector: 'div}body{display:none' }], 7)).toMatchObject({
      sentinel: false,
    });
    expect(await detection([], 7)).toMatchObject({ sentinel: false });
    expect(await detection([RULE], undefined)).toMatchObject({ sentinel: false });
    expect(calls).toEqual([]);
    fakeInsertCSS(true);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(await detection([RULE], 7)).toMatchObject({ domRules: [RULE], sentinel: false });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('tab 7'), expect.any(Error));
  });
});
