// Wiring only: load the user's and the admin's settings into the form, then Save and Test connection.
import browser from 'webextension-polyfill';
import { DEFAULT_SETTINGS } from '../shared/settings';
import { readManagedSettings, readUserSettings } from '../shared/settings-storage';
import { copyText } from '../ui/copy';
import { byId } from '../ui/dom';
import { localize, t } from '../ui/i18n';
import { testConnection } from './connection';
import { linkHints } from './errors';
import { fillForm, readForm } from './form';
import { lockManaged } from './managed';
import { bindRegionSelect } from './region-select';
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

async function load() {
  saveButton.disabled = true;
  [stored, managed] = await Promise.all([readUserSettings(), readManagedSettings()]);
  fillForm({ ...DEFAULT_SETTINGS, ...stored, ...managed }, rules);
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
