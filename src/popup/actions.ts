import type { Status } from '../shared/messages';
import { MessageError, send } from '../shared/send';
import { causeSentence } from '../ui/causes';
import { announce, copyText } from '../ui/copy';
import { t } from '../ui/i18n';
import type { RowHandlers } from './row';
import { holdUntilChanged, probes } from './transient';
import type { RowAction } from './view';

/**
 * Runs one button's request: the button is disabled meanwhile, and any failure is said in the
 * status line. The screen itself updates from storage changes, not from these replies.
 */
export async function run(
  button: HTMLButtonElement,
  status: HTMLElement,
  task: () => Promise<string | undefined>,
) {
  button.disabled = true;
  try {
    const done = await task();
    if (done) announce(status, done);
  } catch (error) {
    const message = error instanceof MessageError || error instanceof Error ? error.message : String(error);
    announce(status, t('action_failed', message), true);
  } finally {
    button.disabled = false;
  }
}

export function rowHandlers(status: HTMLElement, latest: () => Status | undefined): RowHandlers {
  return {
    copyId: (conversationId) => void copyText(conversationId, status, 'copy_idDone'),
    copyJoinCode: (joinCode) => void copyText(joinCode, status, 'copy_joinCodeDone'),
    act: (action, conversationId, button) =>
      void run(button, status, async () => {
        const before = latest();
        if (action === 'end') await send('end-session', { conversationId });
        else if (action === 'sign-out') await send('sign-out', {});
        else await send('start-session', { conversationId });
        const text = t(ACTION_DONE[action]);
        const probe = action === 'sign-out' ? probes.account : probes.row(conversationId);
        holdUntilChanged({ text, probe }, before);
        return text;
      }),
  };
}

const ACTION_DONE: Record<RowAction, string> = {
  start: 'action_starting',
  'offer-again': 'action_starting',
  retry: 'action_retrying',
  end: 'action_ending',
  'sign-out': 'action_signingOut',
};

export async function signIn(): Promise<string> {
  const result = await send('sign-in', {});
  if (result.ok) {
    const text = t('action_signedIn', result.user?.name ?? '');
    holdUntilChanged({ text, probe: probes.account }, undefined);
    return text;
  }
  throw new Error(result.cause ? causeSentence(result.cause) : (result.detail ?? t('cause_sign_in_failed')));
}

export async function copyDiagnostics(status: HTMLElement): Promise<undefined> {
  const report = await send('get-diagnostics', {});
  await copyText(JSON.stringify(report, null, 2), status, 'copy_diagnosticsDone');
  return undefined;
}
