// Wiring only: follow the status and paint it; each button hands its work to actions.ts.
import browser from 'webextension-polyfill';
import type { Status } from '../shared/messages';
import { send } from '../shared/send';
import { announce } from '../ui/copy';
import { byId } from '../ui/dom';
import { localize, t } from '../ui/i18n';
import { copyDiagnostics, rowHandlers, run, signIn } from './actions';
import { followStatus } from './live';
import { renderPage } from './render';
import { tickClocks } from './row';
import { RowList } from './rows';
import { clearIfSuperseded } from './transient';

performance.mark('popup-script');
const status = byId('status');
let rows: RowList | undefined;
let latest: Status | undefined;

// Asked before anything else: the page localizes and wires itself while the worker answers.
void followStatus(
  (next) => {
    const first = latest === undefined;
    latest = next;
    rows ??= new RowList(
      byId('rows'),
      rowHandlers(status, () => latest),
    );
    if (first) performance.mark('status-received');
    renderPage(next, rows);
    clearIfSuperseded(status, next);
    // For the speed test and anyone profiling: time to the first painted status, and the render alone.
    if (first)
      performance.measure('popup-render', 'status-received', performance.mark('popup-rendered').name);
  },
  (error) =>
    announce(status, t('popup_statusFailed', error instanceof Error ? error.message : String(error)), true),
);

localize();
setInterval(() => tickClocks(document), 1000);

const signInButton = byId<HTMLButtonElement>('sign-in');
signInButton.addEventListener('click', () => void run(signInButton, status, signIn));
const signOutButton = byId<HTMLButtonElement>('sign-out');
signOutButton.addEventListener(
  'click',
  () => void run(signOutButton, status, async () => void (await send('sign-out', {}))),
);
const diagnostics = byId<HTMLButtonElement>('copy-diagnostics');
diagnostics.addEventListener('click', () => void run(diagnostics, status, () => copyDiagnostics(status)));
byId('open-options').addEventListener('click', () => void browser.runtime.openOptionsPage());

const autoStart = byId<HTMLInputElement>('auto-start');
autoStart.addEventListener('change', () => {
  const enabled = autoStart.checked;
  void send('set-auto-start', { enabled }).catch((error: Error) => {
    autoStart.checked = latest?.settings.autoStart ?? !enabled;
    announce(status, t('action_failed', error.message), true);
  });
});
