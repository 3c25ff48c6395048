import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type GenesysEmulator, startEmulator } from '../../emulator/server';
import { closeAll } from './fixtures/desk';
import { type ExtensionBrowser, launchExtension } from './fixtures/extension';
import { configure, record, sendFromPage, signIn } from './fixtures/flows';
import { offersPosted, streamOpen } from './fixtures/genesys';
import { waitUntil } from './fixtures/wait';
import { PopupPage } from './pages/popup';

// Issue 12 items 1-3 in real Chromium against the Genesys emulator: which interactions are offered
// co-browse, how the customer's answer is read, and that only our own offer is ever adopted.
describe('Genesys Cloud: eligible media, the customer’s answer, own offers only', () => {
  let emulator: GenesysEmulator;
  let browser: ExtensionBrowser;
  let popup: PopupPage;

  const settings = (extra: Record<string, unknown> = {}) =>
    configure(browser, emulator, { platform: 'genesys-cloud', scopes: [], ...extra });

  beforeAll(async () => {
    emulator = await startEmulator({
      platform: 'genesys-cloud',
      control: true,
      consentTtlSeconds: 30,
      heartbeatSeconds: 1,
    });
    browser = await launchExtension();
    await settings();
    popup = await PopupPage.open(browser);
    await signIn(browser, popup.page);
    await streamOpen(emulator);
  });
  afterAll(() => closeAll(browser, emulator));
  beforeEach(async () => {
    emulator.reset();
    await settings();
  });

  const offers = () => offersPosted(emulator);
  const stateOf = async (id: string) => (await record(browser, id))?.state;
  const accepted = (mediaType: Parameters<GenesysEmulator['createConversation']>[0] = {}) => {
    const conversation = emulator.createConversation(mediaType);
    emulator.acceptConversation(conversation.id, 'agent-ada');
    return conversation.id;
  };

  it('SMS and WhatsApp show as not eligible (the medium named), with no Retry, and are never offered', async () => {
    const sms = accepted({ mediaType: 'sms' });
    const whatsapp = accepted({ mediaType: 'whatsapp' });
    const web = accepted({ mediaType: 'webmessaging' });
    const smsRow = await popup.waitForRow(sms, 'failed');
    const whatsappRow = await popup.waitForRow(whatsapp, 'failed');
    await popup.waitForRow(web, 'pending');
    expect(await smsRow.locator('.cause').textContent()).toMatch(/^Not eligible for co-browse \(SMS\): /);
    expect(await whatsappRow.locator('.cause').textContent()).toMatch(
      /^Not eligible for co-browse \(WhatsApp\): /,
    );
    expect(await smsRow.getByRole('button', { name: /Retry/ }).count()).toBe(0);
    expect((await record(browser, sms))?.cause).toEqual({ code: 'not-eligible', detail: 'sms' });
    // Only the web-messaging interaction was offered co-browse.
    expect(offers().map((r) => r.path)).toEqual([`/api/v2/conversations/${web}/cobrowse`]);
  });

  it('a voice call is not offered until the admin turns cobrowseVoice on; then its join code shows with Copy', async () => {
    const before = accepted({ mediaType: 'voice' });
    const off = await popup.waitForRow(before, 'failed');
    expect(await off.locator('.cause').textContent()).toContain('(voice call, co-browse on calls is off)');
    expect(offers()).toHaveLength(0);

    await settings({ cobrowseVoice: true });
    // The worker reads settings through a cache that storage.onChanged refreshes: wait until it has.
    await waitUntil(
      () =>
        sendFromPage(popup.page, 'get-status') as Promise<{
          value?: { settings?: { cobrowseVoice?: boolean } };
        }>,
      (reply) => reply.value?.settings?.cobrowseVoice === true,
      { what: 'the worker to see cobrowseVoice on' },
    );
    const call = accepted({ mediaType: 'voice' });
    const row = await popup.waitForRow(call, 'pending');
    const [offer] = emulator.sessions();
    expect(offer?.conversationId).toBe(call);
    const code = row.getByTestId(`join-code-${call}`);
    expect(await code.textContent()).toContain(`Join code: ${offer?.joinCode}`);

    // Playwright cannot grant clipboard-read to an extension origin: keep a copy of what is written.
    await popup.page.evaluate(() => {
      navigator.clipboard.writeText = async (text) => void Object.assign(window, { __copied: text });
    });
    await code.getByRole('button', { name: /Copy the join code/ }).click();
    await popup.waitForText(popup.status, 'Join code copied: read it to the customer.');
    expect(await popup.page.evaluate(() => (window as unknown as { __copied: string }).__copied)).toBe(
      offer?.joinCode,
    );
  });

  it('reads the customer’s answer from our offer’s communication: accept, decline, stop, and an unknown state', async () => {
    const allow = accepted();
    const decline = accepted();
    await popup.waitForRow(allow, 'pending');
    await popup.waitForRow(decline, 'pending');
    const offerOf = (id: string) => emulator.sessions().find((o) => o.conversationId === id)?.id ?? '';
    await fetch(`${emulator.url}/customer/api/sessions/${offerOf(allow)}/allow`, { method: 'POST' });
    await fetch(`${emulator.url}/customer/api/sessions/${offerOf(decline)}/decline`, { method: 'POST' });
    await popup.waitForRow(allow, 'active');
    await popup.waitForRow(decline, 'declined');

    await fetch(`${emulator.url}/customer/api/sessions/${offerOf(allow)}/stop`, { method: 'POST' });
    const ended = await popup.waitForRow(allow, 'ended');
    expect(await ended.locator('.detail').textContent()).toBeTruthy();

    // A state the definitions list but whose meaning for an offer they do not give: unknown, not declined.
    const odd = accepted();
    await popup.waitForRow(odd, 'pending');
    emulator.setCommunicationState(offerOf(odd), 'scheduled');
    const row = await popup.waitForRow(odd, 'unknown');
    expect(await row.textContent()).toContain('Unknown state');
    expect(await row.locator('.detail').textContent()).toContain('(scheduled)');
    // …and followed: when it turns into one we know, the row follows.
    emulator.setCommunicationState(offerOf(odd), 'connected');
    await popup.waitForRow(odd, 'active');
  });

  it('after a transfer, the agent it reaches never adopts the first agent’s open offer', async () => {
    const id = emulator.createConversation().id;
    emulator.acceptConversation(id, 'agent-grace');
    const theirs = emulator.offerCobrowseAs(id, 'agent-grace');
    emulator.transferConversation(id, 'agent-ada');
    // Ada (purpose user after the transfer) is detected; her offer is refused 409 request.conflict.
    const row = await popup.waitForRow(id, 'failed');
    expect((await record(browser, id))?.cause?.code).toBe('session-already-open');
    expect(await row.locator('.cause').textContent()).toContain('already has an open co-browse');
    expect(offers().map((r) => r.status)).toEqual([409]);
    expect((await record(browser, id))?.sessionId).toBeUndefined();
    // Grace's offer is untouched and never shown as Ada's.
    expect(emulator.sessions().map((o) => [o.id, o.state])).toEqual([[theirs.id, 'pending']]);
  });

  it('an offer whose answer was lost is not adopted either: nothing proves it is ours', async () => {
    emulator.injectFault('POST /api/v2/conversations/:id/cobrowse', { closeAfterCommit: true });
    const id = accepted();
    await expect.poll(() => stateOf(id), { timeout: 15_000 }).toBe('failed');
    expect((await record(browser, id))?.cause?.code).toBe('session-already-open');
    // One offer exists (the lost one); it was never re-sent successfully nor adopted.
    expect(emulator.sessions()).toHaveLength(1);
    expect((await record(browser, id))?.sessionId).toBeUndefined();
  });

  // Last: it leaves the extension signed in with a narrowed token.
  it('a client without the conversations scope: the row names the missing scope', async () => {
    emulator.setClientScopes(['notifications', 'user-basic-info']);
    emulator.expireAllTokens(); // the next call gets a 401, and the silent re-sign-in a narrowed token
    const id = accepted();
    const row = await popup.waitForRow(id, 'failed', 20_000);
    expect((await record(browser, id))?.cause).toEqual({ code: 'missing-scope', detail: 'conversations' });
    expect(await row.locator('.cause').textContent()).toMatch(
      /^The sign-in lacks the OAuth scope conversations: /,
    );
    expect(offers().filter((r) => r.status === 200)).toHaveLength(0);
  });
});
