import { send } from '../shared/send';
import { causeSentence, fieldLabel } from '../ui/causes';
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
    // The worker names missing settings by key ("missing: clientId"); the admin reads labels.
    const missing = /^missing: (.+)$/.exec(report.detail ?? '')?.[1];
    if (report.cause === 'not-configured' && missing) {
      const labels = missing.split(', ').map((key) => t('notice_missingField', fieldLabel(key)));
      return { ok: false, text: t('options_notConnectedDetail', [sentence, labels.join('; ')]) };
    }
    return {
      ok: false,
      text: report.detail ? t('options_notConnectedDetail', [sentence, report.detail]) : sentence,
    };
  } catch (error) {
    return { ok: false, text: t('action_failed', error instanceof Error ? error.message : String(error)) };
  }
}
