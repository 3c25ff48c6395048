// genesys-cloud pages: the vendor's desktop announces nothing; the customer page shows the
// offer's join code and answers through the offer (run in happy-dom against the real server).
import { Browser, type BrowserWindow } from 'happy-dom';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { GenesysEmulator } from '../../../emulator/server';
import { acceptedConversation, call, offerPath, start, userToken } from './helpers';

let emu: GenesysEmulator;
let ada: string;
let browser: Browser | undefined;
beforeAll(async () => {
  emu = await start();
  ada = await userToken(emu);
});
afterEach(async () => {
  await browser?.close();
  browser = undefined;
  emu.reset();
});
afterAll(() => emu.close());

async function open(path: string): Promise<BrowserWindow> {
  browser = new Browser({
    settings: { enableJavaScriptEvaluation: true, suppressInsecureJavaScriptEnvironmentWarning: true },
  });
  const page = browser.newPage();
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

describe("the vendor's desktop", () => {
  it('announces nothing: no events, no data-cobrowse-* attributes, on accept or end', async () => {
    const win = await open('/desktop?agent=agent-ada');
    expect(win.document.body.dataset.announce).toBe('none');
    const events: string[] = [];
    for (const type of ['cobrowse:chat-accepted', 'cobrowse:chat-ended'])
      win.addEventListener(type, () => events.push(type));
    const { id } = emu.createConversation();
    await expect.poll(() => win.document.querySelector(`[data-testid="chat-${id}"]`)).toBeTruthy();
    const el = win.document.querySelector(`[data-testid="chat-${id}"]`);
    const button = (name: string) =>
      [...(el?.querySelectorAll('button') ?? [])].find((b) => b.textContent === name);
    await expect.poll(() => button('Accept')?.disabled).toBe(false);
    button('Accept')?.click();
    await expect.poll(() => el?.getAttribute('data-status')).toBe('mine');
    const conversation = (await (await call(emu, ada, 'GET', `/api/v2/conversations/${id}`)).json()) as {
      participants: { userId?: string }[];
    };
    expect(conversation.participants[1]?.userId).toBe('agent-ada');
    button('End')?.click();
    await expect.poll(() => el?.getAttribute('data-status')).toBe('ended');
    expect(events).toEqual([]);
    expect(
      [...(el?.attributes ?? [])].map((a) => a.name).filter((n) => n.startsWith('data-cobrowse')),
    ).toEqual([]);
  });

  it('refuses an announce mode it does not have', async () => {
    expect((await fetch(`${emu.url}/desktop?announce=event`)).status).toBe(400);
    expect((await fetch(`${emu.url}/desktop?announce=none`)).status).toBe(200);
  });
});

describe('the customer page', () => {
  const stateOf = (win: BrowserWindow) => win.document.querySelector('[data-testid="session-state"]');

  async function alerting(): Promise<{ conversationId: string; joinCode: string }> {
    const conversationId = acceptedConversation(emu);
    const res = await call(emu, ada, 'POST', offerPath(conversationId));
    return { conversationId, joinCode: ((await res.json()) as { joinCode: string }).joinCode };
  }

  it('shows the alerting offer with its join code; Accept connects it', async () => {
    const { conversationId, joinCode } = await alerting();
    const win = await open(`/customer/${conversationId}`);
    await expect.poll(() => stateOf(win)?.getAttribute('data-state')).toBe('pending');
    expect(stateOf(win)?.getAttribute('data-communication-state')).toBe('alerting');
    expect(win.document.querySelector('[data-testid="join-code"]')?.textContent).toContain(joinCode);
    expect(win.document.getElementById('allow')?.textContent).toBe('Accept');
    click(win, 'allow');
    await expect.poll(() => stateOf(win)?.getAttribute('data-communication-state')).toBe('connected');
    expect(stateOf(win)?.getAttribute('data-state')).toBe('active');
    click(win, 'stop');
    await expect.poll(() => stateOf(win)?.getAttribute('data-state')).toBe('ended');
    expect(stateOf(win)?.getAttribute('data-communication-state')).toBe('disconnected');
  });

  it('Decline disconnects the offer', async () => {
    const { conversationId } = await alerting();
    const win = await open(`/customer/${conversationId}`);
    await expect.poll(() => stateOf(win)?.getAttribute('data-state')).toBe('pending');
    click(win, 'decline');
    await expect.poll(() => stateOf(win)?.getAttribute('data-state')).toBe('declined');
    expect(emu.sessions()[0]?.state).toBe('declined');
  });

  it('404 for an unknown conversation', async () => {
    expect((await fetch(`${emu.url}/customer/nope`)).status).toBe(404);
    expect((await fetch(`${emu.url}/customer/api/conversations/nope`)).status).toBe(404);
  });
});
