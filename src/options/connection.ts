import { send } from '../shared/send';
import { causeSentence } from '../ui/causes';
import { t } from '../ui/i18n';

/**
 * Signs in with the saved settings and calls users/me (the worker does both, so a closed tab
 * cannot lose the flow), then says what happened in words.
 */
export async function testConnection(): Promise<{ text: string; ok: boolean }> {
  try {
    const report = await send('test-connection', {});
    if (report.ok) {
      const who = report.user ? report.user.name : '';
      return {
        ok: true,
        text: report.user?.email
          ? t('options_connectedEmail', [who, report.user.email])
          : t('options_connected', who),
      };
    }
    const sentence = report.cause ? causeSentence(report.cause) : t('cause_sign_in_failed');
    return {
      ok: false,
      text: report.detail ? t('options_notConnectedDetail', [sentence, report.detail]) : sentence,
    };
  } catch (error) {
    return { ok: false, text: t('action_failed', error instanceof Error ? error.message : String(error)) };
  }
}
