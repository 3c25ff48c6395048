import browser from 'webextension-polyfill';
import { h } from '../ui/dom';
import { t } from '../ui/i18n';

/** Per open desktop tab: how many elements each selector matches (null: not a valid selector). */
export interface TabCounts {
  title: string;
  url: string;
  counts?: (number | null)[];
  error?: string;
}

/**
 * Runs in the desktop tab's top frame (the detector watches only that one), so a rule is counted
 * where the detector would look. Self-contained: executeScript serialises this function alone.
 */
export function countMatches(selectors: string[]): (number | null)[] {
  return selectors.map((selector) => {
    try {
      return document.querySelectorAll(selector).length;
    } catch {
      return null;
    }
  });
}

/**
 * Counts, in every open tab the desktop URL patterns match, the elements each selector matches.
 * tabs.query filters by URL with host permissions alone (no "tabs" permission): a desktop the
 * extension may not read is simply not listed, as the detector would not run there either.
 */
export async function testRules(selectors: string[], patterns: string[]): Promise<TabCounts[]> {
  if (patterns.length === 0) return [];
  const tabs = await browser.tabs.query({ url: patterns });
  return Promise.all(
    tabs
      .filter((tab) => tab.id !== undefined)
      .map(async (tab): Promise<TabCounts> => {
        const about = { title: tab.title || tab.url || String(tab.id), url: tab.url ?? '' };
        try {
          const [frame] = await browser.scripting.executeScript({
            target: { tabId: tab.id as number },
            func: countMatches,
            args: [selectors],
          });
          return { ...about, counts: frame?.result as (number | null)[] };
        } catch (error) {
          return { ...about, error: error instanceof Error ? error.message : String(error) };
        }
      }),
  );
}

/** The report under the button: one list per tab, one line per rule. */
export function renderCounts(container: HTMLElement, tabs: TabCounts[], ruleCount: number): void {
  if (ruleCount === 0) return void container.replaceChildren(h('p', {}, t('options_testRulesNoRules')));
  if (tabs.length === 0) return void container.replaceChildren(h('p', {}, t('options_testRulesNoTab')));
  container.replaceChildren(
    ...tabs.map((tab) =>
      h(
        'section',
        { class: 'tab-counts', 'data-url': tab.url },
        h('h3', { title: tab.url }, t('options_testRulesTab', tab.title)),
        tab.error
          ? h('p', { class: 'error' }, t('options_testRulesFailed', tab.error))
          : h(
              'ul',
              {},
              ...(tab.counts ?? []).map((count, index) =>
                h(
                  'li',
                  { 'data-rule': index + 1, 'data-count': count ?? 'invalid' },
                  count === null
                    ? t('options_testRulesInvalid', String(index + 1))
                    : t('options_testRulesCount', [String(index + 1), String(count)]),
                ),
              ),
            ),
      ),
    ),
  );
}
