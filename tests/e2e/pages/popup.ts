import type { Locator, Page } from 'playwright-core';
import type { ExtensionBrowser } from '../fixtures/extension';

/** The popup, opened as a tab (the same document as the toolbar popup), with its test-facing parts. */
export class PopupPage {
  private constructor(readonly page: Page) {}

  /** `tabId` names the desktop tab the popup stands for: a popup opened as a tab is its own active tab. */
  static async open(browser: ExtensionBrowser, options: { tabId?: number } = {}): Promise<PopupPage> {
    const page = await browser.context.newPage();
    const query = options.tabId === undefined ? '' : `?tabId=${options.tabId}`;
    await page.goto(`chrome-extension://${browser.extensionId}/src/popup/index.html${query}`);
    const popup = new PopupPage(page);
    await popup.rendered();
    return popup;
  }

  /** Resolves once the first status has been painted. */
  async rendered(): Promise<void> {
    await this.page.waitForFunction(() => performance.getEntriesByName('popup-rendered').length > 0);
  }

  get userName(): Locator {
    return this.page.getByRole('heading', { level: 1 });
  }

  get notice(): Locator {
    return this.page.locator('#notice');
  }

  get status(): Locator {
    return this.page.getByRole('status');
  }

  get autoStart(): Locator {
    return this.page.getByRole('switch', { name: 'Start co-browse automatically' });
  }

  button(name: string): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }

  row(conversationId: string): Locator {
    return this.page.getByTestId(`row-${conversationId}`);
  }

  /** Waits until the row for `conversationId` shows `state` (its data-state and its words agree). */
  async waitForRow(conversationId: string, state: string, timeout = 10_000): Promise<Locator> {
    await this.page.waitForFunction(
      ([id, s]) => document.querySelector(`[data-testid="row-${id}"]`)?.getAttribute('data-state') === s,
      [conversationId, state] as const,
      { timeout },
    );
    return this.row(conversationId);
  }

  /** Waits for text to appear in a locator (vitest has no toHaveText). */
  async waitForText(locator: Locator, text: string, timeout = 10_000): Promise<void> {
    await locator.filter({ hasText: text }).first().waitFor({ timeout });
  }

  /** The rows' group headings as shown, e.g. "Needs attention (1)", in screen order. */
  groupHeadings(): Promise<string[]> {
    return this.page
      .locator('#rows .group:not([hidden]) > :is(h3, summary)')
      .evaluateAll((els) => els.map((e) => e.textContent ?? ''));
  }

  rowIds(): Promise<string[]> {
    return this.page
      .locator('#rows li.row')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-conversation-id') ?? ''));
  }
}
