// The desktop and customer pages' scripts, run in happy-dom against the real server.
import { Browser, type BrowserWindow } from 'happy-dom';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../../emulator/server';
import { call, SESSIONS, sessionBody, start, userToken } from './helpers';

let emu: Emulator;
let ada: string;
let browser: Browser;
beforeAll(async () => {
  emu = await start({ consentTtlSeconds: 120 });
  ada = await userToken(emu);
});
afterEach(async () => {
  await browser?.close();
  emu.reset();
});
afterAll(() => emu.close());

async function open(path: string): Promise<BrowserWindow> {
  browser = new Browser({
    settings: { enableJavaScriptEvaluation: true, suppressInsecureJavaScriptEnvironmentWarning: true },
  });
  const page = browser.newPage();
  // Not waitUntilComplete(): the pages poll forever, so they never "complete".
  await page.goto(`${emu.url}${path}`);
  const win = page.mainFrame.window;
  await expect.poll(() => win.document.body.dataset.ready).toBe('true');
  return win;
}

function click(win: BrowserWindow, id: string): void {
  const element = win.document.getElementById(id);
  if (!(element instanceof win.HTMLElement)) throw new Error(`no #${id} to click`);
  element.click();
}

/** Records the desktop's window events by type. */
function recordEvents(win: BrowserWindow): string[] {
  const seen: string[] = [];
  for (const type of ['cobrowse:chat-accepted', 'cobrowse:chat-ended']) {
    win.addEventListener(type, (event) => {
      seen.push(
        `${type} ${(event as unknown as CustomEvent<{ conversationId: string }>).detail.conversationId}`,
      );
    });
  }
  return seen;
}

async function chat(win: BrowserWindow, id: string) {
  await expect.poll(() => win.document.querySelector(`[data-testid="chat-${id}"]`)).toBeTruthy();
  const el = win.document.querySelector(`[data-testid="chat-${id}"]`);
  if (!el) throw new Error(`chat ${id} is not on the desktop`);
  const press = async (name: 'Accept' | 'End') => {
    const button = [...el.querySelectorAll('button')].find((b) => b.textContent === name);
    await expect.poll(() => button?.disabled).toBe(false);
    button?.click();
  };
  return { el, press };
}

describe('desktop.js', () => {
  it('Accept connects the agent, then sets the data attributes and fires the event', async () => {
    const win = await open('/desktop');
    const events = recordEvents(win);
    emu.createConversation({ id: 'c1' });
    const { el, press } = await chat(win, 'c1');
    expect(el.getAttribute('data-cobrowse-state')).toBeNull();
    await press('Accept');
    await expect.poll(() => el.getAttribute('data-cobrowse-state')).toBe('accepted');
    expect(el.getAttribute('data-cobrowse-conversation-id')).toBe('c1');
    expect(events).toEqual(['cobrowse:chat-accepted c1']);
    const conversation = await (await call(emu, ada, 'GET', '/api/v2/conversations/c1')).json();
    expect(conversation).toMatchObject({ participants: [{}, { userId: 'agent-ada', state: 'connected' }] });

    await press('End');
    await expect.poll(() => el.getAttribute('data-cobrowse-state')).toBe('ended');
    expect(events).toEqual(['cobrowse:chat-accepted c1', 'cobrowse:chat-ended c1']);
  });

  it('announce=event fires events only; announce=dom sets attributes only', async () => {
    let win = await open('/desktop?announce=event');
    let events = recordEvents(win);
    emu.createConversation({ id: 'e1' });
    let view = await chat(win, 'e1');
    await view.press('Accept');
    await expect.poll(() => events).toEqual(['cobrowse:chat-accepted e1']);
    expect(view.el.hasAttribute('data-cobrowse-state')).toBe(false);
    await browser.close();

    win = await open('/desktop?announce=dom&agent=agent-grace');
    events = recordEvents(win);
    emu.createConversation({ id: 'd1' });
    view = await chat(win, 'd1');
    await view.press('Accept');
    await expect.poll(() => view.el.getAttribute('data-cobrowse-state')).toBe('accepted');
    expect(events).toEqual([]);
    expect(emu.sessions()).toEqual([]);
  });

  it('announces the end of an accepted chat that ended elsewhere', async () => {
    const win = await open('/desktop');
    const events = recordEvents(win);
    emu.createConversation({ id: 'c2' });
    const { el, press } = await chat(win, 'c2');
    await press('Accept');
    await expect.poll(() => el.getAttribute('data-cobrowse-state')).toBe('accepted');
    emu.endConversation('c2');
    await expect.poll(() => el.getAttribute('data-cobrowse-state')).toBe('ended');
    expect(events).toEqual(['cobrowse:chat-accepted c2', 'cobrowse:chat-ended c2']);
  });

  it('"Simulate inbound chat" adds a chat; a chat taken by another agent cannot be accepted', async () => {
    const win = await open('/desktop');
    click(win, 'simulate');
    await expect.poll(() => win.document.querySelectorAll('.chat').length).toBe(1);
    emu.createConversation({ id: 'taken' });
    emu.acceptConversation('taken', 'agent-grace');
    const { el } = await chat(win, 'taken');
    await expect.poll(() => el.getAttribute('data-status')).toBe('taken');
    expect([...el.querySelectorAll('button')].every((b) => b.disabled)).toBe(true);
  });
});

describe('customer.js', () => {
  async function pendingSession(): Promise<{ id: string; conversationId: string }> {
    const { id: conversationId } = emu.createConversation();
    emu.acceptConversation(conversationId, 'agent-ada');
    const res = await call(emu, ada, 'POST', SESSIONS, sessionBody(conversationId));
    return { id: ((await res.json()) as { id: string }).id, conversationId };
  }

  const stateOf = (win: BrowserWindow) => win.document.querySelector('[data-testid="session-state"]');
  const prompt = (win: BrowserWindow) => win.document.querySelector('[data-testid="cobrowse-prompt"]');

  it('shows the prompt while pending; Allow makes the session active', async () => {
    const { id, conversationId } = await pendingSession();
    const win = await open(`/customer/${conversationId}`);
    await expect.poll(() => stateOf(win)?.getAttribute('data-state')).toBe('pending');
    expect(prompt(win)?.hasAttribute('hidden')).toBe(false);
    expect(prompt(win)?.textContent).toContain('Ada Lovelace');
    click(win, 'allow');
    await expect.poll(() => stateOf(win)?.getAttribute('data-state')).toBe('active');
    expect(prompt(win)?.hasAttribute('hidden')).toBe(true);
    expect(emu.sessions().find((s) => s.id === id)?.state).toBe('active');
  });

  it('Decline makes the session declined', async () => {
    const { id, conversationId } = await pendingSession();
    const win = await open(`/customer/${conversationId}`);
    await expect.poll(() => stateOf(win)?.getAttribute('data-state')).toBe('pending');
    click(win, 'decline');
    await expect.poll(() => stateOf(win)?.getAttribute('data-state')).toBe('declined');
    expect(emu.sessions().find((s) => s.id === id)?.state).toBe('declined');
  });

  it('says in words when the session ended and why', async () => {
    const { id, conversationId } = await pendingSession();
    const win = await open(`/customer/${conversationId}`);
    await expect.poll(() => stateOf(win)?.getAttribute('data-state')).toBe('pending');
    await call(emu, ada, 'DELETE', `${SESSIONS}/${id}`);
    await expect.poll(() => stateOf(win)?.getAttribute('data-state')).toBe('ended');
    expect(stateOf(win)?.textContent).toMatch(/agent ended/i);
  });

  it('shows an expired request as expired', async () => {
    const quick = await start({ consentTtlSeconds: 0.2 });
    try {
      const { id: conversationId } = quick.createConversation();
      quick.acceptConversation(conversationId, 'agent-ada');
      const token = await userToken(quick);
      expect((await call(quick, token, 'POST', SESSIONS, sessionBody(conversationId))).status).toBe(201);
      browser = new Browser({
        settings: { enableJavaScriptEvaluation: true, suppressInsecureJavaScriptEnvironmentWarning: true },
      });
      const page = browser.newPage();
      await page.goto(`${quick.url}/customer/${conversationId}`);
      await expect.poll(() => stateOf(page.mainFrame.window)?.getAttribute('data-state')).toBe('expired');
      expect(stateOf(page.mainFrame.window)?.textContent).toMatch(/expired/);
    } finally {
      await browser.close();
      await quick.close();
    }
  });
});
