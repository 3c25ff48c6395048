import type { Locator, Page } from 'playwright-core';
import type { ExtensionBrowser } from '../fixtures/extension';

/** The options page with its labelled fields, found the way a screen-reader user would find them. */
export class OptionsPage {
  private constructor(readonly page: Page) {}

  static async open(browser: ExtensionBrowser): Promise<OptionsPage> {
    const options = new OptionsPage(await browser.openOptions());
    // Save is enabled once the user's and the admin's settings are in the form.
    await options.page.waitForFunction(
      () => !(document.getElementById('save') as HTMLButtonElement).disabled,
    );
    return options;
  }

  /** Unfolds "Advanced: desktop detection" (page events, selector rules, the rule test). */
  async openAdvanced(): Promise<void> {
    const section = this.page.locator('details#advanced-detection');
    if ((await section.getAttribute('open')) === null) await section.locator('summary').click();
  }

  field(label: string): Locator {
    return this.page.getByLabel(label, { exact: true });
  }

  button(name: string): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }

  get status(): Locator {
    return this.page.locator('#status');
  }

  /** The error shown beside a field: the element its control's aria-describedby names first. */
  async errorBeside(control: Locator): Promise<string> {
    await control.and(this.page.locator('[aria-invalid="true"]')).waitFor();
    const ids = (await control.getAttribute('aria-describedby')) ?? '';
    return (await this.page.locator(`[id="${ids.split(' ')[0]}"]`).textContent()) ?? '';
  }

  async waitForStatus(text: string, timeout = 10_000): Promise<string> {
    await this.status.filter({ hasText: text }).waitFor({ timeout });
    return (await this.status.textContent()) ?? '';
  }

  /** The user's settings as stored (storage.sync "settings"). */
  async stored(): Promise<Record<string, unknown> | undefined> {
    const { settings } = await this.page.evaluate(() => chrome.storage.sync.get('settings'));
    return settings as Record<string, unknown> | undefined;
  }
}
