// Wiring only: load the user's and the admin's settings into the form, then Save and Test connection.
import browser from 'webextension-polyfill';
import { send } from '../shared/send';
import { DEFAULT_SETTINGS, describeIssues, Settings } from '../shared/settings';
import { readManagedSettings, readUserSettings } from '../shared/settings-storage';
import { copyText } from '../ui/copy';
import { byId } from '../ui/dom';
import { localize, t } from '../ui/i18n';
import { testConnection } from './connection';
import { renderDiagnostics, settingRows } from './diagnostics';
import { linkHints } from './errors';
import { fillForm, readForm } from './form';
import { lockManaged } from './managed';
import { bindRegionSelect } from './region-select';
import { renderCounts, testRules } from './rule-test';
import { RulesEditor } from './rules';
import { save } from './save';

localize();
const form = byId<HTMLFormElement>('settings');
const status = byId('status');
const saveButton = byId<HTMLButtonElement>('save');
const testButton = byId<HTMLButtonElement>('test-connection');
const rules = new RulesEditor(byId<HTMLOListElement>('rules'));
const regions = bindRegionSelect();
let managed: Record<string, unknown> = {};
let stored: Record<string, unknown> = {};
/** The form as last loaded or saved: Test connection runs on saved settings only. */
let saved = '';

function report(text: string, tone: 'ok' | 'error' | 'info' = 'info') {
  status.textContent = text;
  status.className = tone === 'info' ? '' : tone;
}

const redirect = byId<HTMLInputElement>('redirect-uri');
redirect.value = browser.identity.getRedirectURL('callback');
byId('copy-redirect').addEventListener(
  'click',
  () => void copyText(redirect.value, status, 'copy_redirectDone'),
);
byId('add-rule').addEventListener('click', () => rules.add());

// Advanced detection: the rules as typed (saved or not), counted in the open desktop tabs.
const testRulesButton = byId<HTMLButtonElement>('test-rules');
const testRulesResult = byId('test-rules-result');
testRulesButton.addEventListener('click', async () => {
  const form = readForm(rules);
  const selectors = rules.get().map((rule) => rule.selector);
  testRulesButton.disabled = true;
  testRulesResult.textContent = t('options_testing');
  try {
    const tabs = selectors.length > 0 ? await testRules(selectors, form.desktopUrlPatterns as string[]) : [];
    renderCounts(testRulesResult, tabs, selectors.length);
  } catch (error) {
    testRulesResult.textContent = t(
      'options_testRulesFailed',
      error instanceof Error ? error.message : String(error),
    );
  } finally {
    testRulesButton.disabled = false;
  }
});

/**
 * Diagnostics: the settings in force and where each value comes from. Valid stored and managed
 * values are exactly what the worker runs on (it parses the same merge); invalid ones are not, so
 * then the worker is asked for the settings it runs on and why it refused. The page's schema also
 * checks the Public Suffix List, which the worker does not carry (issue 15): a policy's `*.co.uk`
 * is named here though the worker keeps it (and never gets a host permission for it).
 */
async function showDiagnostics() {
  const [user, admin] = await Promise.all([readUserSettings(), readManagedSettings()]);
  const parsed = Settings.safeParse({ ...user, ...admin });
  const status = parsed.success ? undefined : await send('get-status', {});
  renderDiagnostics(
    byId<HTMLTableElement>('diagnostics-table').tBodies[0] as HTMLTableSectionElement,
    settingRows(parsed.data ?? status?.settings ?? {}, user, Object.keys(admin)),
  );
  const problems = byId('diagnostics-problems');
  problems.hidden = parsed.success;
  // What the worker refused (it runs on its last valid settings), then what only this page's schema
  // refuses: a public-suffix wildcard the worker runs on, but never gets a host permission for.
  const refused = status?.settingsProblems ?? [];
  const pageOnly = parsed.error ? describeIssues(parsed.error).filter((line) => !refused.includes(line)) : [];
  problems.textContent = [
    refused.length > 0 ? t('diag_problems', refused.join('; ')) : '',
    pageOnly.length > 0 ? t('diag_publicSuffix', pageOnly.join('; ')) : '',
  ]
    .filter(Boolean)
    .join(' ');
}
const refreshDiagnostics = () =>
  void showDiagnostics().catch((error: unknown) =>
    report(t('options_loadFailed', error instanceof Error ? error.message : String(error)), 'error'),
  );
browser.storage.onChanged.addListener((_changes, area) => {
  if (area === 'sync' || area === 'managed') refreshDiagnostics();
});
refreshDiagnostics();

async function load() {
  saveButton.disabled = true;
  [stored, managed] = await Promise.all([readUserSettings(), readManagedSettings()]);
  const values = { ...DEFAULT_SETTINGS, ...stored, ...managed };
  // The worker fills detection's defaults inside the object too (a stored { pageEvent: false } still
  // runs the default rule): the form shows what runs.
  fillForm(
    { ...values, detection: { ...DEFAULT_SETTINGS.detection, ...(values.detection as object) } },
    rules,
  );
  regions.refresh();
  linkHints(form);
  const keys = Object.keys(managed);
  lockManaged(form, keys);
  if (keys.includes('detection')) rules.lock();
  byId('managed-banner').hidden = keys.length === 0;
  saved = JSON.stringify(readForm(rules));
  saveButton.disabled = false;
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  // No await before save(): it asks for host permissions, which needs this click's gesture.
  void save(readForm(rules), { form, managed, stored, report }).then((written) => {
    if (!written) return;
    stored = written;
    saved = JSON.stringify(readForm(rules));
  });
});

testButton.addEventListener('click', async () => {
  if (JSON.stringify(readForm(rules)) !== saved) return report(t('options_saveFirst'), 'error');
  testButton.disabled = true;
  report(t('options_testing'));
  const result = await testConnection();
  report(result.text, result.ok ? 'ok' : 'error');
  testButton.disabled = false;
});

load().catch((error: unknown) =>
  report(t('options_loadFailed', error instanceof Error ? error.message : String(error)), 'error'),
);
