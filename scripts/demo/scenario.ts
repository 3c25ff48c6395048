import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { Emulator } from '../../emulator/server';
import type { ExtensionBrowser } from '../../tests/e2e/fixtures/extension';
import { record, signIn } from '../../tests/e2e/fixtures/flows';
import { waitUntil } from '../../tests/e2e/fixtures/wait';
import { Timeline } from './timeline';

const SESSIONS = '/api/v2/conversations/cobrowse/sessions';

/** The headless walk-through: every step is awaited on a real signal, never on a sleep. */
export async function runScenario(browser: ExtensionBrowser, emulator: Emulator, folder: string) {
  const timeline = new Timeline();
  const shot = (page: Page, name: string) => page.screenshot({ path: join(folder, `${name}.png`) });
  const popup = await browser.openPopup();
  await popup.setViewportSize({ width: 420, height: 560 });
  // An open popup holds this port, so the worker follows sessions every second.
  await popup.evaluate(() => void chrome.runtime.connect({ name: 'live' }));

  console.log('\nTimeline');
  await timeline.step('agent signed in (Authorization Code + PKCE, in the worker)', () =>
    signIn(browser, popup),
  );

  const desktop = await browser.context.newPage();
  await desktop.goto(`${emulator.url}/desktop`);
  await desktop.getByRole('button', { name: 'Simulate inbound chat' }).click();
  const chat = desktop.locator('[data-testid^="chat-"]').first();
  const conversationId = await timeline.step('an inbound chat arrived on the desktop', async () => {
    await chat.waitFor();
    return ((await chat.getAttribute('data-testid')) ?? '').replace(/^chat-/, '');
  });

  const clickedAt = performance.timeOrigin + performance.now();
  await chat.getByRole('button', { name: 'Accept' }).click();
  timeline.mark('the agent accepted the chat (one click, on the desktop)');
  await timeline.step('co-browse session created with no click: pending', () =>
    waitUntil(
      async () => (await record(browser, conversationId))?.state,
      (s) => s === 'pending',
      { what: 'pending' },
    ),
  );
  const created = emulator
    .requestLog()
    .find((r) => r.method === 'POST' && r.path === SESSIONS && r.status === 201);
  const accepted = emulator.requestLog().find((r) => r.path.endsWith(`/${conversationId}/accept`));
  if (created && accepted) {
    console.log(
      `             the platform got the create request ${(created.receivedAt - accepted.receivedAt).toFixed(1)} ms after ` +
        `the desktop's accept call (${(created.receivedAt - clickedAt).toFixed(1)} ms after the click)`,
    );
  }

  const customer = await browser.context.newPage();
  await customer.goto(`${emulator.url}/customer/${conversationId}`);
  await timeline.step('the customer sees the co-browse prompt', () =>
    customer.getByTestId('cobrowse-prompt').waitFor(),
  );
  await shot(customer, 'customer');
  await customer.getByRole('button', { name: 'Allow' }).click();
  await timeline.step('the customer allowed: the extension shows it active', () =>
    waitUntil(
      async () => (await record(browser, conversationId))?.state,
      (s) => s === 'active',
      { what: 'active' },
    ),
  );
  await popup.reload();
  await popup.evaluate(() => void chrome.runtime.connect({ name: 'live' }));
  await shot(popup, 'popup');
  await shot(desktop, 'desktop');

  await chat.getByRole('button', { name: 'End' }).click();
  await timeline.step('the agent ended the chat: the session ended too', () =>
    waitUntil(
      async () => (await record(browser, conversationId))?.state,
      (s) => s === 'ended',
      { what: 'ended' },
    ),
  );
  const session = emulator.sessions().find((s) => s.conversationId === conversationId);
  if (emulator.sessions().length !== 1 || session?.state !== 'ended') {
    throw new Error(
      `expected exactly one ended session on the platform, found ${JSON.stringify(emulator.sessions())}`,
    );
  }
  timeline.mark(`platform holds exactly one session (${session.endReason})`);
  return timeline;
}
