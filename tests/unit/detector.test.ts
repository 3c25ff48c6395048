// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  attributesOf,
  OBSERVER_BURST,
  OBSERVER_PAUSE_MS,
  SWEEP_INTERVAL_MS,
  SWEEPS_AFTER_INPUT_MS,
  watchDomRules,
} from '../../src/content/dom-rules';
import { watchPageEvents } from '../../src/content/page-events';

const RULE = {
  selector: '[data-cobrowse-conversation-id][data-cobrowse-state="accepted"]',
  conversationIdAttribute: 'data-cobrowse-conversation-id',
};

let controller: AbortController;
let reports: [string, unknown, string][];
const report = (kind: 'accepted' | 'ended', id: unknown, origin: string) =>
  void reports.push([kind, id, origin]);
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  controller = new AbortController();
  reports = [];
  document.body.innerHTML = '';
});
afterEach(() => controller.abort());

describe('DOM rules', () => {
  it('watches only the attributes the selector can depend on', () => {
    expect(attributesOf(RULE).sort()).toEqual(['data-cobrowse-conversation-id', 'data-cobrowse-state']);
    expect(attributesOf({ selector: '.chat#x', conversationIdAttribute: 'data-id' }).sort()).toEqual([
      'class',
      'data-id',
      'id',
    ]);
  });

  it('reports an element already matching, one that appears, and one that comes to match — once each', async () => {
    document.body.innerHTML =
      '<div data-cobrowse-conversation-id="c-1" data-cobrowse-state="accepted"></div>';
    watchDomRules([RULE], report, controller.signal);
    const added = document.createElement('div');
    added.setAttribute('data-cobrowse-conversation-id', 'c-2');
    added.setAttribute('data-cobrowse-state', 'accepted');
    document.body.append(added);
    const later = document.createElement('div');
    later.setAttribute('data-cobrowse-conversation-id', 'c-3');
    document.body.append(later);
    await flush();
    later.setAttribute('data-cobrowse-state', 'accepted');
    later.setAttribute('data-cobrowse-state', 'accepted');
    await flush();
    // Coming to match is seen at once; an insertion waits for a sweep (after input, or the interval).
    expect(reports.map(([kind, id]) => `${kind}:${id}`)).toEqual(['accepted:c-1', 'accepted:c-3']);
    window.dispatchEvent(new Event('pointerup'));
    await vi.waitFor(() => expect(reports.map(([, id]) => id)).toContain('c-2'));
    expect(reports.map(([kind, id]) => `${kind}:${id}`).sort()).toEqual([
      'accepted:c-1',
      'accepted:c-2',
      'accepted:c-3',
    ]);
  });

  it('without any input, an element inserted already matching is found by the periodic sweep', async () => {
    vi.useFakeTimers();
    try {
      watchDomRules([RULE], report, controller.signal);
      const element = document.createElement('div');
      element.setAttribute('data-cobrowse-conversation-id', 'c-5');
      element.setAttribute('data-cobrowse-state', 'accepted');
      document.body.append(element);
      await vi.advanceTimersByTimeAsync(SWEEP_INTERVAL_MS - 10);
      expect(reports).toEqual([]);
      await vi.advanceTimersByTimeAsync(20);
      expect(reports.map(([kind, id]) => `${kind}:${id}`)).toEqual(['accepted:c-5']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('reports ended when a reported element stops matching', async () => {
    document.body.innerHTML =
      '<div id="x" data-cobrowse-conversation-id="c-1" data-cobrowse-state="accepted"></div>';
    watchDomRules([RULE], report, controller.signal);
    document.getElementById('x')?.setAttribute('data-cobrowse-state', 'ended');
    await flush();
    expect(reports.map(([kind, id]) => `${kind}:${id}`)).toEqual(['accepted:c-1', 'ended:c-1']);
  });

  it('reports ended when a reported element is removed from the page (issue 11 item 9)', async () => {
    document.body.innerHTML =
      '<section><div id="x" data-cobrowse-conversation-id="c-1" data-cobrowse-state="accepted"></div></section>';
    watchDomRules([RULE], report, controller.signal);
    document.querySelector('section')?.remove(); // the desktop closes the chat's panel
    window.dispatchEvent(new Event('pointerup')); // the agent's click that closed it
    await vi.waitFor(() => expect(reports.map(([kind, id]) => `${kind}:${id}`)).toContain('ended:c-1'));
    expect(reports.map(([kind, id]) => `${kind}:${id}`)).toEqual(['accepted:c-1', 'ended:c-1']);
  });

  it('without any input, a removed element is reported ended by the periodic sweep', async () => {
    vi.useFakeTimers();
    try {
      document.body.innerHTML =
        '<div id="x" data-cobrowse-conversation-id="c-1" data-cobrowse-state="accepted"></div>';
      watchDomRules([RULE], report, controller.signal);
      document.getElementById('x')?.remove();
      await vi.advanceTimersByTimeAsync(SWEEP_INTERVAL_MS + 10);
      expect(reports.map(([kind, id]) => `${kind}:${id}`)).toEqual(['accepted:c-1', 'ended:c-1']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a reused panel whose id attribute changes reports the old chat ended and the new one accepted', async () => {
    document.body.innerHTML =
      '<div id="x" data-cobrowse-conversation-id="c-1" data-cobrowse-state="accepted"></div>';
    watchDomRules([RULE], report, controller.signal);
    document.getElementById('x')?.setAttribute('data-cobrowse-conversation-id', 'c-2');
    await flush();
    expect(reports.map(([kind, id]) => `${kind}:${id}`)).toEqual([
      'accepted:c-1',
      'ended:c-1',
      'accepted:c-2',
    ]);
    // The same id written again is no change.
    document.getElementById('x')?.setAttribute('data-cobrowse-conversation-id', 'c-2');
    await flush();
    expect(reports).toHaveLength(3);
  });

  it('a storm on a watched attribute pauses the observer; what changed meanwhile is caught up at once after the pause', async () => {
    vi.useFakeTimers();
    try {
      document.body.innerHTML =
        '<div id="busy" data-cobrowse-conversation-id="b"></div>' +
        '<div id="a" data-cobrowse-conversation-id="c-1" data-cobrowse-state="accepted"></div>' +
        '<div id="b" data-cobrowse-conversation-id="c-2"></div>';
      watchDomRules([RULE], report, controller.signal);
      const busy = document.getElementById('busy') as HTMLElement;
      for (let i = 0; i < OBSERVER_BURST; i++) {
        busy.setAttribute('data-cobrowse-state', `s-${i}`);
        await vi.advanceTimersByTimeAsync(1);
      }
      // Paused: a reported chat ending is still seen at once (its own element is observed apart),
      // an element coming to match is not seen now...
      document.getElementById('a')?.setAttribute('data-cobrowse-state', 'ended');
      document.getElementById('b')?.setAttribute('data-cobrowse-state', 'accepted');
      await vi.advanceTimersByTimeAsync(OBSERVER_PAUSE_MS - 20);
      expect(reports.map(([kind, id]) => `${kind}:${id}`)).toEqual(['accepted:c-1', 'ended:c-1']);
      // ...but by the sweep that ends the pause, and the observer is back.
      await vi.advanceTimersByTimeAsync(40);
      expect(reports.map(([kind, id]) => `${kind}:${id}`)).toEqual([
        'accepted:c-1',
        'ended:c-1',
        'accepted:c-2',
      ]);
      document.getElementById('a')?.setAttribute('data-cobrowse-state', 'accepted');
      await vi.advanceTimersByTimeAsync(1);
      expect(reports.map(([kind, id]) => `${kind}:${id}`).at(-1)).toBe('accepted:c-1');
    } finally {
      vi.useRealTimers();
    }
  });

  it('below the burst, each change on a watched attribute is seen at once, in its own task', async () => {
    vi.useFakeTimers();
    try {
      document.body.innerHTML = Array.from(
        { length: OBSERVER_BURST },
        (_, i) => `<div id="q-${i}" data-cobrowse-conversation-id="q-${i}"></div>`,
      ).join('');
      watchDomRules([RULE], report, controller.signal);
      for (let i = 0; i < OBSERVER_BURST; i++) {
        document.getElementById(`q-${i}`)?.setAttribute('data-cobrowse-state', 'accepted');
        await vi.advanceTimersByTimeAsync(1);
        expect(reports.map(([kind, id]) => `${kind}:${id}`).at(-1)).toBe(`accepted:q-${i}`);
      }
    } finally {
      vi.useRealTimers();
    }
  });

  it('a key released in a text field makes no sweep; one elsewhere (or a click) does', async () => {
    vi.useFakeTimers();
    try {
      document.body.innerHTML = '<textarea></textarea><input type="text"><input type="button">';
      watchDomRules([RULE], report, controller.signal);
      const insert = (id: string) => {
        const element = document.createElement('div');
        element.setAttribute('data-cobrowse-conversation-id', id);
        element.setAttribute('data-cobrowse-state', 'accepted');
        document.body.append(element);
      };
      const keyup = (target: Element) => target.dispatchEvent(new KeyboardEvent('keyup', { bubbles: true }));
      const wait = SWEEPS_AFTER_INPUT_MS[0] ?? 50;
      insert('typed');
      keyup(document.querySelector('textarea') as Element);
      keyup(document.querySelector('input[type="text"]') as Element);
      await vi.advanceTimersByTimeAsync(wait + 10);
      expect(reports).toEqual([]);
      keyup(document.querySelector('input[type="button"]') as Element); // Space on a button is a click
      await vi.advanceTimersByTimeAsync(wait + 10);
      expect(reports.map(([kind, id]) => `${kind}:${id}`)).toEqual(['accepted:typed']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('skips an invalid selector with a warning, and stops on abort', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    watchDomRules([{ selector: '[[nope', conversationIdAttribute: 'x' }, RULE], report, controller.signal);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('[[nope'));
    controller.abort();
    document.body.innerHTML =
      '<div data-cobrowse-conversation-id="c-9" data-cobrowse-state="accepted"></div>';
    await flush();
    expect(reports).toEqual([]);
  });
});

describe('page events', () => {
  it('passes the detail’s conversation id with the event named as its origin', () => {
    watchPageEvents(report, controller.signal);
    window.dispatchEvent(new CustomEvent('cobrowse:chat-accepted', { detail: { conversationId: 'c-1' } }));
    window.dispatchEvent(new CustomEvent('cobrowse:chat-ended', { detail: { conversationId: 'c-1' } }));
    window.dispatchEvent(new CustomEvent('cobrowse:chat-accepted', { detail: 'garbage' }));
    expect(reports).toEqual([
      ['accepted', 'c-1', 'page event "cobrowse:chat-accepted"'],
      ['ended', 'c-1', 'page event "cobrowse:chat-ended"'],
      ['accepted', undefined, 'page event "cobrowse:chat-accepted"'],
    ]);
    controller.abort();
    window.dispatchEvent(new CustomEvent('cobrowse:chat-accepted', { detail: { conversationId: 'c-2' } }));
    expect(reports).toHaveLength(3);
  });
});

describe('reporter', () => {
  it('passes a valid customer name, and drops a bad one without dropping the chat', async () => {
    const { createReporter } = await import('../../src/content/reporter');
    const sent: unknown[] = [];
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const deliver = createReporter(async (type, payload) => void sent.push([type, payload]));
    deliver('accepted', 'n-1', 'page event "cobrowse:chat-accepted"', '  Ada Lovelace ');
    deliver('accepted', 'n-2', 'page event "cobrowse:chat-accepted"', 'x'.repeat(121));
    deliver('accepted', 'n-3', 'DOM rule "[x]"', { not: 'a string' });
    expect(sent).toEqual([
      ['chat-accepted', { conversationId: 'n-1', source: 'page-event', customerName: 'Ada Lovelace' }],
      ['chat-accepted', { conversationId: 'n-2', source: 'page-event' }],
      ['chat-accepted', { conversationId: 'n-3', source: 'dom-rule' }],
    ]);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('customer name'));
  });

  it('drops an invalid id with a warning naming its origin, and reports each chat once', async () => {
    const { createReporter } = await import('../../src/content/reporter');
    const sent: unknown[] = [];
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const deliver = createReporter(async (type, payload) => void sent.push([type, payload]));
    deliver('accepted', 'bad id with spaces', 'DOM rule "[x]"');
    deliver('accepted', 'x'.repeat(129), 'page event "cobrowse:chat-accepted"');
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('DOM rule "[x]"'));
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('page event "cobrowse:chat-accepted"'));
    deliver('accepted', 'c-1', 'DOM rule "[x]"');
    deliver('accepted', 'c-1', 'page event "cobrowse:chat-accepted"');
    deliver('ended', 'c-1', 'page event "cobrowse:chat-ended"');
    expect(sent).toEqual([
      ['chat-accepted', { conversationId: 'c-1', source: 'dom-rule' }],
      ['chat-ended', { conversationId: 'c-1', source: 'page-event' }],
    ]);
  });
});
